/** Opening a case from its first report: written once under its id, announced to the queue. */
import type { Types } from 'mongoose';
import type { Language } from '@refute/shared';
import { insertEachOnceWhich, insertOnce } from '../../db/insertOnce';
import { domainEvents } from '../../realtime/domainEvents';
import { currentCountedBy } from '../insights/countedBy';
import { topicClassifier } from '../triage/topicClassifier';
import { triageSettings } from '../triage/settings';
import { CaseModel, type CaseRecord } from './model';
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

type Suggestions = Array<{ caseId: Types.ObjectId; similarity: number }>;

/** The case document opened from its first report: title, topic, triage and, when given, its one report counted. */
function caseDocument(caseId: Types.ObjectId, seed: SeedReport, suggestions: Suggestions): Record<string, unknown> {
  const topic = topicClassifier().classify(seed.text);
  const first = { reachScore: seed.reachScore ?? 0, emergency: seed.emergency ?? hasEmergencySignal(seed.text), receivedAt: seed.receivedAt };
  const initial = triage([first], seed.receivedAt, new Date(), triageSettings());
  const counted = seed.reachScore === undefined ? { reportCount: 0, reach: 0 } : {};
  return {
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
    countedBy: currentCountedBy() ?? undefined,
    ...initial,
    ...counted,
  };
}

/** The queue shows a new case at once, even before any recount touches it; routing and insights take it up. */
function announceOpened(caseId: Types.ObjectId, countedBy: string | null, record?: CaseRecord): void {
  domainEvents.emit('case.updated', String(caseId), record ? { record, countersOnly: false } : undefined);
  domainEvents.emit('case.opened', String(caseId), countedBy);
}

/** Creates the case with this id from its first report unless it exists; true when it was created. */
export async function ensureCase(caseId: Types.ObjectId, seed: SeedReport, suggestions: Suggestions = []): Promise<boolean> {
  const doc = caseDocument(caseId, seed, suggestions);
  const created = await insertOnce(CaseModel, doc);
  if (created) announceOpened(caseId, (doc.countedBy as string | undefined) ?? null);
  return created;
}

/**
 * `ensureCase` for many cases in one write (a bulk import's chunk): entry i is true when this
 * call created case i. Each created case is announced with the document written, so listeners
 * need not read it back.
 */
export async function ensureCases(openings: ReadonlyArray<{ caseId: Types.ObjectId; seed: SeedReport; suggestions: Suggestions }>): Promise<boolean[]> {
  const now = new Date();
  // Cast with the model's defaults, as `create` would, then written in one unordered insert.
  const docs = openings.map(({ caseId, seed, suggestions }) => ({ ...new CaseModel(caseDocument(caseId, seed, suggestions)).toObject(), createdAt: now, updatedAt: now }));
  const created = await insertEachOnceWhich(CaseModel, docs);
  docs.forEach((doc, index) => {
    if (created[index]) announceOpened(doc._id, doc.countedBy ?? null, doc);
  });
  return created;
}
