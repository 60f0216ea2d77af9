/**
 * What an organisation's monthly report holds: the dashboard's figures for the month's days (up
 * to today for the current month) and the month's ranking, both in the viewer's scope.
 */
import type { InsightsRanking, InsightsReportQuery, InsightsSummary, SessionUser } from '@refute/shared';
import { badRequest } from '../../../http/errors';
import { dayOf } from '../buckets';
import { monthOf, monthRange } from '../monthRange';
import { monthlyRanking } from '../monthlyRanking';
import { insightScope } from '../scope';
import { summaryForScope } from '../summary';

const DAY_MS = 86_400_000;

export interface MonthlyReport {
  month: string;
  /** The last day counted: the month's last, or today for the current month. */
  lastDay: string;
  complete: boolean;
  generatedAt: Date;
  summary: InsightsSummary;
  ranking: InsightsRanking;
}

export async function monthlyReport(viewer: SessionUser, query: InsightsReportQuery, options: { baseUrl: string; now?: Date }): Promise<MonthlyReport> {
  const now = options.now ?? new Date();
  const month = query.month ?? monthOf(now);
  const { fromMs, toMs } = monthRange(month);
  if (fromMs > now.getTime()) throw badRequest('month_not_started', 'That month has not begun');
  const scope = await insightScope(viewer, query.org);
  const monthEnd = dayOf(new Date(toMs - DAY_MS));
  const today = dayOf(now);
  const lastDay = monthEnd < today ? monthEnd : today;
  const [summary, ranking] = await Promise.all([
    summaryForScope(scope, { from: dayOf(new Date(fromMs)), to: lastDay, org: scope.orgId }, options),
    monthlyRanking(viewer, { month, org: scope.orgId }, options),
  ]);
  return { month, lastDay, complete: lastDay === monthEnd && today > monthEnd, generatedAt: now, summary, ranking };
}
