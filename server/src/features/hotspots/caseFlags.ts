/**
 * The recent hotspots of cases, as this process knows them, for the queue rows and the case
 * page (`presentCaseSummary`): kept in memory because every process detects the same bursts
 * (its own insert or the one that beat it) and reads the last day's at start, so a page never
 * queries the hotspots per row.
 */
import type { CaseHotspotFlag, Lane } from '@refute/shared';

/** How long a case shows its hotspot. */
export const FLAG_SHOWN_MS = 24 * 3_600_000;

interface KnownHotspot {
  hotspotId: string;
  detectedAt: Date;
  count: number;
  expected: number;
  proposedLane: 'hot' | 'emergency';
}

const flags = new Map<string, KnownHotspot>();

export function rememberCaseHotspot(caseId: string, hotspot: KnownHotspot): void {
  const known = flags.get(caseId);
  if (!known || known.detectedAt <= hotspot.detectedAt) flags.set(caseId, hotspot);
}

const RANK: Record<Lane, number> = { emergency: 0, hot: 1, normal: 2 };

/** The lane a hotspot proposes: hot for a normal case, emergency for a hot one. */
export const laneToPropose = (lane: Lane): 'hot' | 'emergency' => (lane === 'normal' ? 'hot' : 'emergency');

/** The case's flag, if it had a hotspot within the last day; no proposal once its lane is that urgent. */
export function caseHotspotFlag(caseId: string, lane: Lane, now = Date.now()): CaseHotspotFlag | null {
  const known = flags.get(caseId);
  if (!known) return null;
  if (now - known.detectedAt.getTime() > FLAG_SHOWN_MS) {
    flags.delete(caseId);
    return null;
  }
  return {
    hotspotId: known.hotspotId,
    detectedAt: known.detectedAt.toISOString(),
    count: known.count,
    expected: Math.round(known.expected * 100) / 100,
    proposedLane: RANK[lane] <= RANK[known.proposedLane] ? null : known.proposedLane,
  };
}

/** Forgets every flag (a test's fresh database). */
export function forgetCaseHotspots(): void {
  flags.clear();
}
