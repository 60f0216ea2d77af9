/** Opening a case from its first report: written once under its id, announced to the queue. */
import type { Types } from 'mongoose';
import type { Language } from '@refute/shared';
import { insertOnce } from '../../db/insertOnce';
import { domainEvents } from '../../realtime/domainEvents';
import { topicClassifier } from '../triage/topicClassifier';
import { triageSettings } from '../triage/settings';
import { CaseModel } from './model';
import { hasEmergencySignal, triage } from './triage';

const TITLE_MAX = 140;

export interface SeedReport {
  text: string;
  language: Language;
  receivedAt: Date;
  /** Given when the seed report is stored in the case: the case then starts out counting it. */
  reachScore?: number;
  /** The stored report's emergency flag (the platform's own or its text's); else judged from the text. */
  emergency?: boolean;
  /** The region the report named, if it did. */
  region?: string | null | undefined;
}

/** Creates the case with this id from its first report unless it exists; true when it was created. */
export async function ensureCase(
  caseId: Types.ObjectId,
  seed: SeedReport,
  suggestions: Array<{ caseId: Types.ObjectId; similarity: number }> = [],
): Promise<boolean> {
  const topic = topicClassifier().classify(seed.text);
  const first = { reachScore: seed.reachScore ?? 0, emergency: seed.emergency ?? hasEmergencySignal(seed.text), receivedAt: seed.receivedAt };
  const initial = triage([first], seed.receivedAt, new Date(), triageSettings());
  const counted = seed.reachScore === undefined ? { reportCount: 0, reach: 0 } : {};
  const created = await insertOnce(CaseModel, {
    _id: caseId,
    suggestions,
    title: seed.text.length > TITLE_MAX ? `${seed.text.slice(0, TITLE_MAX - 1)}…` : seed.text,
    language: seed.language,
    topic: topic.topic,
    topicConfidence: topic.confidence,
    status: 'open',
    openedAt: seed.receivedAt,
    assigneeIds: [],
    region: seed.region ?? null,
    ...initial,
    ...counted,
  });
  // The queue shows a new case at once, even before any recount touches it.
  if (created) {
    domainEvents.emit('case.updated', String(caseId));
    domainEvents.emit('case.opened', String(caseId));
  }
  return created;
}
