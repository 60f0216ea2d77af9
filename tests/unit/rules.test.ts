import { canTransition, deadlineFor, htmlHasText, mayApprove, mayRetract, missingForSubmission } from '@refute/shared';

test('the workflow allows each action only from its statuses', () => {
  expect(canTransition('claim', 'open')).toBe(true);
  expect(canTransition('claim', 'in_review')).toBe(false);
  expect(canTransition('submit', 'returned')).toBe(true);
  expect(canTransition('approve', 'in_review')).toBe(false);
  expect(canTransition('approve', 'submitted')).toBe(true);
  expect(canTransition('edit', 'submitted')).toBe(false);
  expect(canTransition('return', 'published')).toBe(false);
});

test('four-eyes: only a lead who wrote none of the draft may approve', () => {
  const draft = { authorIds: ['u1', 'u2'] };
  expect(mayApprove({ id: 'u3', roles: ['lead'] }, draft)).toBe(true);
  expect(mayApprove({ id: 'u2', roles: ['lead', 'reviewer'] }, draft)).toBe(false);
  expect(mayApprove({ id: 'u3', roles: ['reviewer'] }, draft)).toBe(false);
});

test('a retraction: only of a published case, only by a lead of the organisation that reviewed it, and final', () => {
  const lead = { roles: ['lead' as const], orgId: 'o1' };
  expect(mayRetract(lead, { status: 'published', reviewingOrgId: 'o1' })).toBe(true);
  expect(mayRetract(lead, { status: 'published', reviewingOrgId: 'o2' })).toBe(false);
  expect(mayRetract(lead, { status: 'published', reviewingOrgId: null })).toBe(false);
  expect(mayRetract({ roles: ['reviewer'], orgId: 'o1' }, { status: 'published', reviewingOrgId: 'o1' })).toBe(false);
  expect(mayRetract(lead, { status: 'in_review', reviewingOrgId: 'o1' })).toBe(false);
  expect(mayRetract(lead, { status: 'retracted', reviewingOrgId: 'o1' })).toBe(false);
  // Nothing moves a retracted case on.
  expect((['claim', 'assign', 'unassign', 'edit', 'submit', 'approve', 'return', 'reopen', 'retract'] as const).filter((action) => canTransition(action, 'retracted'))).toEqual([]);
});

test('a draft needs verdict, headline, summary and rebuttal text before submission', () => {
  const complete = { verdict: 'false' as const, headline: 'h', summary: 's', rebuttalHtml: '<p>r</p>' };
  expect(missingForSubmission(complete)).toEqual([]);
  expect(missingForSubmission({ verdict: null, headline: ' ', summary: 's', rebuttalHtml: '<p><br></p>' })).toEqual([
    'verdict',
    'headline',
    'rebuttalHtml',
  ]);
});

test('markup without text is empty', () => {
  expect(htmlHasText('<p>&nbsp;</p>')).toBe(false);
  expect(htmlHasText('<p>x</p>')).toBe(true);
});

test('deadlines follow the lane: emergencies in hours', () => {
  const opened = new Date('2026-01-01T00:00:00Z');
  expect(deadlineFor('emergency', opened).toISOString()).toBe('2026-01-01T04:00:00.000Z');
  expect(deadlineFor('hot', opened).toISOString()).toBe('2026-01-02T00:00:00.000Z');
  expect(deadlineFor('normal', opened, { normal: 48, hot: 12, emergency: 2 }).toISOString()).toBe('2026-01-03T00:00:00.000Z');
});
