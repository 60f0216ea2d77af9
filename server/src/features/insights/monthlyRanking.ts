/** The monthly ranking (辟谣榜) of an organisation's region: overall and per topic. */
import type { InsightsRanking, InsightsRankingQuery, SessionUser } from '@refute/shared';
import { matchIndex } from '../matching/liveIndex';
import { organisationNames } from '../organisations/repository';
import { monthOf, monthRange } from './monthRange';
import { rankings } from './ranking';
import { insightScope } from './scope';

export const OVERALL = 10;
const PER_TOPIC = 5;

export async function monthlyRanking(viewer: SessionUser, query: InsightsRankingQuery, options: { baseUrl: string; now?: Date }): Promise<InsightsRanking> {
  const scope = await insightScope(viewer, query.org);
  const month = query.month ?? monthOf(options.now ?? new Date());
  const { overall, byTopic } = await rankings(matchIndex(), { ...monthRange(month), region: scope.region, topic: undefined, baseUrl: options.baseUrl }, { overall: OVERALL, perTopic: PER_TOPIC });
  return { month, scope: { orgId: scope.orgId, region: scope.region }, overall, byTopic, names: await organisationNames([scope.orgId]) };
}
