/** Lane, deadline and priority of a case: pure functions of its reports and the settings. */
import { DEFAULT_LANE_DEADLINE_HOURS, deadlineFor, type Lane } from '@refute/shared';

export const LANE_RANK: Record<Lane, number> = { emergency: 0, hot: 1, normal: 2 };

export interface TriageSettings {
  laneHours: Record<Lane, number>;
  /** Reports per hour from which a case is a hot topic. */
  hotVelocity: number;
  /** Report count from which a case is a hot topic. */
  hotReportCount: number;
}

export const DEFAULT_TRIAGE_SETTINGS: TriageSettings = {
  laneHours: DEFAULT_LANE_DEADLINE_HOURS,
  hotVelocity: 5,
  hotReportCount: 10,
};

/** Disasters, epidemics and safety threats (防火、防震、防疫、防洪、抗旱) go to the emergency lane. */
const EMERGENCY_SIGNALS =
  /地震|余震|海啸|洪水|洪灾|溃坝|决堤|山洪|泥石流|台风|火灾|山火|爆炸|疫情|传染病|病毒爆发|干旱|旱灾|毒气|泄漏|疏散|撤离|earthquake|aftershock|tsunami|flood|dam (?:burst|collapse|failure)|wildfire|explosion|epidemic|outbreak|pandemic|drought|toxic leak|gas leak|evacuat/iu;

export function hasEmergencySignal(text: string): boolean {
  return EMERGENCY_SIGNALS.test(text);
}

/** Shares spread a claim further than views; comments sit between. */
export function reachScore(reach: { views?: number | null; shares?: number | null; comments?: number | null }): number {
  return (reach.views ?? 0) + 10 * (reach.shares ?? 0) + 3 * (reach.comments ?? 0);
}

export interface TriageInput {
  reachScore: number;
  emergency: boolean;
  receivedAt: Date;
}

export interface Triage {
  reportCount: number;
  reach: number;
  /** Reports received in the last hour. */
  velocity: number;
  lane: Lane;
  laneRank: number;
  deadlineAt: Date;
  priority: number;
}

/** Grows with the logarithm of each signal, so that no single one dominates. */
export function priorityFor(signals: { reach: number; reportCount: number; velocity?: number; emergency?: boolean }): number {
  return Math.round(
    10 * Math.log10(1 + signals.reach) +
      15 * Math.log2(1 + signals.reportCount) +
      8 * Math.log2(1 + (signals.velocity ?? 0)) +
      (signals.emergency ? 30 : 0),
  );
}

/** The most reports received within any one hour. */
export function peakVelocity(reports: readonly TriageInput[]): number {
  const times = reports.map((report) => report.receivedAt.getTime()).sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while (times[end]! - times[start]! >= 3_600_000) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** The more urgent of two lanes. */
export const moreUrgent = (a: Lane, b: Lane): Lane => (LANE_RANK[a] <= LANE_RANK[b] ? a : b);

/**
 * `leadLane` is the lane a lead set (`POST /cases/:id/lane`): recounts never put the case in a
 * less urgent one, and still move it to a more urgent one when its reports call for it.
 */
export function triage(
  reports: readonly TriageInput[],
  openedAt: Date,
  now: Date,
  settings: TriageSettings = DEFAULT_TRIAGE_SETTINGS,
  leadLane: Lane | null = null,
): Triage {
  const reach = reports.reduce((sum, report) => sum + report.reachScore, 0);
  const hourAgo = now.getTime() - 3_600_000;
  const velocity = reports.filter((report) => report.receivedAt.getTime() > hourAgo).length;
  const emergency = reports.some((report) => report.emergency);
  // The lane never falls back: a rumor that spread fast once stays hot.
  const hot = peakVelocity(reports) >= settings.hotVelocity || reports.length >= settings.hotReportCount;
  const counted: Lane = emergency ? 'emergency' : hot ? 'hot' : 'normal';
  const lane = leadLane ? moreUrgent(counted, leadLane) : counted;
  return {
    reportCount: reports.length,
    reach,
    velocity,
    lane,
    laneRank: LANE_RANK[lane],
    deadlineAt: deadlineFor(lane, openedAt, settings.laneHours),
    priority: priorityFor({ reach, reportCount: reports.length, velocity, emergency }),
  };
}
