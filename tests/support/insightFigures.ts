import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { InsightsSummary } from '@refute/shared';
import { forgetKeptFigures } from '../../server/src/features/insights/summary';
import type { Member } from './workbench';

/** The parts of a summary that come from rollups (what a rebuild from the records must reproduce). */
export const rolledUp = (summary: InsightsSummary) => ({
  reports: summary.reports,
  cases: summary.cases,
  response: summary.response,
  deadlinesMet: summary.deadlinesMet,
  deadlinesByOrg: summary.deadlinesByOrg,
  days: summary.days,
});
export type RolledUp = ReturnType<typeof rolledUp>;

/** The lead's figures up to `to`, read now (not from the figures the process keeps briefly). */
export async function figuresOf(lead: Member, to: string): Promise<RolledUp> {
  forgetKeptFigures();
  const response = await lead.http.get(`/api/v1/insights/summary?to=${to}`);
  expect(response.status).toBe(200);
  return rolledUp(response.body as InsightsSummary);
}

/**
 * The figures once they hold still over a few flushes (routing may assign a new case a moment
 * later): `quietMs` is a few flush intervals of the slowest writer running (the default suits
 * processes on the standard 1 s flush).
 */
export async function quietFiguresOf(lead: Member, to: string, quietMs = 2_500): Promise<RolledUp> {
  let last = await figuresOf(lead, to);
  for (let tries = 0; tries < 20; tries += 1) {
    await sleep(quietMs);
    const next = await figuresOf(lead, to);
    if (isDeepStrictEqual(next, last)) return next;
    last = next;
  }
  throw new Error('the figures kept changing');
}
