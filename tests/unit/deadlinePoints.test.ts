/** The pure rules of deadlines: where the at-risk points stand, when they apply, what the queue shows. */
import { DEFAULT_AT_RISK, atRiskNow, deadlinePoints, pointApplies } from '@refute/shared';

const start = new Date('2026-03-01T00:00:00Z');
const deadline = new Date('2026-03-01T04:00:00Z');
const hour = (h: number) => new Date(start.getTime() + h * 3_600_000);

test('the points stand at 25 % and 75 % of the period by default, then the deadline', () => {
  expect(deadlinePoints(start, deadline, DEFAULT_AT_RISK)).toEqual([
    { kind: 'unassigned', dueAt: hour(1) },
    { kind: 'no_draft', dueAt: hour(3) },
    { kind: 'deadline', dueAt: deadline },
  ]);
  expect(deadlinePoints(start, deadline, { unassignedShare: 0.5, noDraftShare: 0.9 }).map((point) => point.dueAt)).toEqual([hour(2), hour(3.6), deadline]);
});

test('a point applies only while its rule is still broken', () => {
  expect(pointApplies('unassigned', { status: 'open', assigneeCount: 0 })).toBe(true);
  expect(pointApplies('unassigned', { status: 'in_review', assigneeCount: 1 })).toBe(false);
  expect(pointApplies('no_draft', { status: 'returned', assigneeCount: 1 })).toBe(true);
  for (const status of ['submitted', 'published', 'merged']) {
    expect(pointApplies('no_draft', { status, assigneeCount: 1 })).toBe(false);
    expect(pointApplies('deadline', { status, assigneeCount: 1 })).toBe(false);
  }
});

test('the queue shows the most serious point passed and still broken', () => {
  const open = { status: 'open', assigneeCount: 0, periodStart: start, deadlineAt: deadline };
  expect(atRiskNow(open, DEFAULT_AT_RISK, hour(0.5))).toBeNull();
  expect(atRiskNow(open, DEFAULT_AT_RISK, hour(1))).toBe('unassigned');
  expect(atRiskNow(open, DEFAULT_AT_RISK, hour(3.5))).toBe('no_draft');
  expect(atRiskNow(open, DEFAULT_AT_RISK, hour(5))).toBe('overdue');
  expect(atRiskNow({ ...open, status: 'in_review', assigneeCount: 1 }, DEFAULT_AT_RISK, hour(2))).toBeNull();
  expect(atRiskNow({ ...open, status: 'submitted', assigneeCount: 1 }, DEFAULT_AT_RISK, hour(5))).toBeNull();
});
