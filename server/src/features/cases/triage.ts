/** Lane and priority rules for new and growing cases: pure functions of the reports. */
import { deadlineFor, type Lane } from '@refute/shared';

export const LANE_RANK: Record<Lane, number> = { emergency: 0, hot: 1, normal: 2 };

/** Disasters, epidemics and safety threats (防火、防震、防疫、防洪、抗旱) go to the emergency lane. */
const EMERGENCY_SIGNALS =
  /地震|余震|海啸|洪水|洪灾|溃坝|决堤|山洪|泥石流|台风|火灾|山火|爆炸|疫情|传染|病毒爆发|干旱|旱灾|毒气|泄漏|earthquake|aftershock|tsunami|flood|dam (?:burst|collapse|failure)|wildfire|explosion|epidemic|outbreak|pandemic|drought|toxic leak|gas leak/iu;

export function laneForText(text: string): Lane {
  return EMERGENCY_SIGNALS.test(text) ? 'emergency' : 'normal';
}

/** Shares spread a claim further than views; comments sit between. */
export function reachScore(reach: { views?: number | null; shares?: number | null; comments?: number | null }): number {
  return (reach.views ?? 0) + 10 * (reach.shares ?? 0) + 3 * (reach.comments ?? 0);
}

/** Grows with the logarithm of reach and of the report count, so no single signal dominates. */
export function priorityFor(stats: { reach: number; reportCount: number }): number {
  return Math.round(10 * Math.log10(1 + stats.reach) + 15 * Math.log2(1 + stats.reportCount));
}

export function initialTriage(text: string, openedAt: Date) {
  const lane = laneForText(text);
  return { lane, laneRank: LANE_RANK[lane], deadlineAt: deadlineFor(lane, openedAt), topic: 'other' as const };
}
