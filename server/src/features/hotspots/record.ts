/**
 * What happens when the detector finds a hotspot: recorded once across all server processes
 * (an insert under the unique (subjectId, windowStart); a process that sees the burst a window
 * later finds the subject's recent hotspot first), then, by the process whose insert won, an
 * audit event, a notification to every lead, and the live flag for the queue and the case.
 */
import { Types } from 'mongoose';
import type { HotspotView, Topic } from '@refute/shared';
import { isDuplicateKeyError } from '../../http/errors';
import { domainEvents } from '../../realtime/domainEvents';
import { SYSTEM_ACTOR, recordAudit } from '../audit/service';
import { CaseModel, type CaseRecord } from '../cases/model';
import { notify, SYSTEM_NOTIFIER } from '../notifications/service';
import { activeLeadIds } from '../users/repository';
import { laneToPropose, rememberCaseHotspot } from './caseFlags';
import type { Detection } from './detector';
import { HotspotModel, type HotspotRecord } from './model';

export interface FoundHotspot {
  subjectKind: 'case' | 'topic';
  /** The case id or the topic. */
  subjectId: string;
  /** The case (a case hotspot) or the topic's busiest case in the window. */
  caseId: string | null;
  topic: Topic | null;
  detection: Detection;
}

/** Notifications of hotspots name Refute itself as who raised them. */
export const HOTSPOT_NOTIFIER = SYSTEM_NOTIFIER;

/** Detections of one subject this close after its last recorded window are the same burst. */
const SAME_BURST_MS = 2 * 3_600_000;

/** Records the hotspot unless it is known; returns it when this process recorded it. */
export async function recordHotspot(found: FoundHotspot, now = new Date()): Promise<HotspotRecord | null> {
  const windowStart = new Date(found.detection.windowStart);
  const latest = await HotspotModel.findOne({ subjectId: found.subjectId }).sort({ windowStart: -1 }).lean<HotspotRecord>();
  if (latest && windowStart.getTime() - latest.windowEnd.getTime() < SAME_BURST_MS) {
    remember(latest);
    return null;
  }
  const caseRecord = found.caseId ? await CaseModel.findById(found.caseId, { lane: 1, title: 1 }).lean<CaseRecord>() : null;
  const record = {
    _id: new Types.ObjectId(),
    subjectKind: found.subjectKind,
    subjectId: found.subjectId,
    caseId: caseRecord ? caseRecord._id : null,
    topic: found.topic,
    windowStart,
    windowEnd: new Date(found.detection.windowEnd),
    count: found.detection.count,
    expected: found.detection.expected,
    baselinePerHour: found.detection.baselinePerHour,
    score: Math.min(found.detection.surprise, 1e6),
    proposedLane: found.subjectKind === 'case' && caseRecord ? laneToPropose(caseRecord.lane) : null,
    detectedAt: now,
  };
  try {
    await HotspotModel.create(record);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const winner = await HotspotModel.findOne({ subjectId: found.subjectId, windowStart }).lean<HotspotRecord>();
    if (winner) remember(winner);
    return null;
  }
  const stored = record as HotspotRecord;
  await recordAudit({
    action: 'hotspot.detected',
    actor: SYSTEM_ACTOR,
    subject: caseRecord && found.subjectKind === 'case' ? { kind: 'case', id: caseRecord._id } : { kind: 'hotspot', id: stored._id },
    data: { hotspotId: String(stored._id), subject: found.subjectId, count: stored.count, expected: round(stored.expected), score: round(stored.score), proposedLane: stored.proposedLane },
    once: `hotspot.detected:${String(stored._id)}`,
  });
  remember(stored);
  domainEvents.emit('hotspot.detected', presentHotspot(stored));
  if (caseRecord && found.subjectKind === 'case') domainEvents.emit('case.updated', String(caseRecord._id));
  if (caseRecord) {
    await notify({ kind: 'hotspot', recipientIds: await activeLeadIds(), case: { id: caseRecord._id, title: caseRecord.title }, actor: HOTSPOT_NOTIFIER });
  }
  return stored;
}

/** Keeps a case hotspot's flag for the queue and the case page of this process. */
export function remember(record: HotspotRecord): void {
  if (record.subjectKind !== 'case' || !record.caseId || !record.proposedLane || record.proposedLane === 'normal') return;
  rememberCaseHotspot(String(record.caseId), {
    hotspotId: String(record._id),
    detectedAt: record.detectedAt,
    count: record.count,
    expected: record.expected,
    proposedLane: record.proposedLane,
  });
}

const round = (value: number) => Math.round(value * 100) / 100;

export function presentHotspot(record: HotspotRecord): HotspotView {
  return {
    id: String(record._id),
    subjectKind: record.subjectKind,
    caseId: record.caseId ? String(record.caseId) : null,
    topic: record.topic ?? null,
    windowStart: record.windowStart.toISOString(),
    windowEnd: record.windowEnd.toISOString(),
    count: record.count,
    expected: round(record.expected),
    baselinePerHour: round(record.baselinePerHour),
    score: round(record.score),
    detectedAt: record.detectedAt.toISOString(),
  };
}

/** The hotspots detected since `since`, newest first (the flags a starting process shows). */
export async function hotspotsSince(since: Date): Promise<HotspotRecord[]> {
  return HotspotModel.find({ detectedAt: { $gte: since } }).sort({ detectedAt: -1 }).limit(500).lean<HotspotRecord[]>();
}
