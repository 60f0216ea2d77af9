/**
 * The rankings (辟谣榜) of the last months for the public ranking feeds: the current month so far
 * and the complete months before it, of a region (and all within it), overall or of one topic.
 */
import { COUNTRY_REGION, type Topic } from '@refute/shared';
import { matchIndex } from '../matching/liveIndex';
import { monthOf, monthRange, monthsUpTo } from './monthRange';
import { OVERALL } from './monthlyRanking';
import { rankings, type RankingEntry } from './ranking';

/** Half a year of rankings: a reader subscribing sees the recent ones, a new one each month. */
export const FEED_MONTHS = 6;

export interface RankedMonth {
  month: string;
  /** False for the current month, still counting. */
  complete: boolean;
  /** The time its figures are as of: the month's end, or the current hour's start (a stable time between polls). */
  asOf: string;
  entries: RankingEntry[];
}

export async function recentRankings(filter: { region?: string; topic?: Topic }, options: { baseUrl: string; now?: Date }): Promise<RankedMonth[]> {
  const now = options.now ?? new Date();
  const hourStart = new Date(now);
  hourStart.setUTCMinutes(0, 0, 0);
  const current = monthOf(now);
  const months = await Promise.all(
    monthsUpTo(current, FEED_MONTHS).map(async (month): Promise<RankedMonth> => {
      const range = monthRange(month);
      const { overall } = await rankings(matchIndex(), { ...range, region: filter.region ?? COUNTRY_REGION, topic: filter.topic, baseUrl: options.baseUrl }, { overall: OVERALL, perTopic: 0 });
      const complete = month !== current;
      return { month, complete, asOf: complete ? new Date(range.toMs).toISOString() : hourStart.toISOString(), entries: overall };
    }),
  );
  // A month without a ranked rumor has nothing to publish.
  return months.filter((month) => month.entries.length > 0);
}
