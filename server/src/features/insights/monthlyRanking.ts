/** The monthly ranking (辟谣榜) of an organisation's region: overall and per topic. */
import type { InsightsRanking, InsightsRankingQuery, SessionUser } from '@refute/shared';
import { matchIndex } from '../matching/liveIndex';
import { organisationNames } from '../organisations/repository';
import { rankings } from './ranking';
import { insightScope } from './scope';

const OVERALL = 10;
const PER_TOPIC = 5;

export async function monthlyRanking(viewer: SessionUser, query: InsightsRankingQuery, options: { baseUrl: string; now?: Date }): Promise<InsightsRanking> {
  const scope = await insightScope(viewer, query.org);
  const month = query.month ?? (options.now ?? new Date()).toISOString().slice(0, 7);
  const fromMs = Date.parse(`${month}-01T00:00:00Z`);
  const next = new Date(fromMs);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const { overall, byTopic } = await rankings(matchIndex(), { fromMs, toMs: next.getTime(), region: scope.region, topic: undefined, baseUrl: options.baseUrl }, { overall: OVERALL, perTopic: PER_TOPIC });
  return { month, scope: { orgId: scope.orgId, region: scope.region }, overall, byTopic, names: await organisationNames([scope.orgId]) };
}
