/**
 * Fills a database with open cases fast, for the intake benchmark: one report per case, stored
 * with bulk inserts through the server's models and with the fields intake would give them
 * (normalised text, features, exact-text key, triage), instead of one HTTP request per case.
 */
import { Types } from 'mongoose';
import { CaseModel } from '../server/src/features/cases/model';
import { triage } from '../server/src/features/cases/triage';
import { ClaimModel } from '../server/src/features/claims/model';
import { hashPayload } from '../server/src/features/claims/intake';
import { CaseKeyModel } from '../server/src/features/matching/caseKeyModel';
import { IndexMarkModel } from '../server/src/features/matching/indexMarksModel';
import { exactMatchKey, normalizeText } from '../server/src/features/matching/normalize';
import { matchSettings } from '../server/src/features/matching/settings';
import { matchTokens, TOKENIZER_VERSION } from '../server/src/features/matching/tokens';
import { topicClassifier } from '../server/src/features/triage/topicClassifier';
import { triageSettings } from '../server/src/features/triage/settings';

const BATCH = 1000;

/** One batch of seeded documents before they are inserted, for a caller to extend. */
export interface SeedBatch {
  cases: Array<Record<string, unknown> & { _id: Types.ObjectId; title: string; topic: string }>;
  claims: Array<Record<string, unknown>>;
}

/**
 * Seeds one case per distinct text (synthetic texts can repeat); returns how many were seeded.
 * `extend` may change or add to each batch (workflow states, more reports) before it is stored.
 */
export async function seedCases(
  orgId: Types.ObjectId,
  texts: readonly string[],
  log: (line: string) => void,
  extend?: (batch: SeedBatch) => Promise<void>,
): Promise<number> {
  const settings = matchSettings();
  const seen = new Set<string>();
  const classifier = topicClassifier();
  const started = Date.now();
  // Reports written past the server: every process's matching-index snapshot must be rebuilt.
  await IndexMarkModel.deleteOne({ _id: 'database' });
  for (let from = 0; from < texts.length; from += BATCH) {
    const claims: SeedBatch['claims'] = [];
    const cases: SeedBatch['cases'] = [];
    const keys = [];
    for (let i = from; i < Math.min(texts.length, from + BATCH); i += 1) {
      const text = texts[i]!;
      const normalizedText = normalizeText(text);
      const key = exactMatchKey(normalizedText, text);
      if (seen.has(key)) continue;
      seen.add(key);
      const caseId = new Types.ObjectId();
      const receivedAt = new Date();
      const externalId = `seed-${i}`;
      claims.push({
        orgId,
        externalId,
        payloadHash: hashPayload({ externalId, text }),
        text,
        normalizedText,
        // As intake makes them, and marked so: a server started on the seed has nothing to re-tokenise.
        matchTokens: matchTokens(normalizedText, settings.segmentation, text),
        tokenizerVersion: TOKENIZER_VERSION,
        language: 'en',
        reach: { views: 0, shares: 0, comments: 0 },
        reachScore: 0,
        emergency: false,
        media: [],
        reportedAt: receivedAt,
        receivedAt,
        caseId,
        match: { outcome: 'new', method: 'similarity', similarity: 0, candidateCaseId: null, joinThreshold: settings.joinThreshold, suggestThreshold: settings.suggestThreshold },
        indexed: true,
      });
      const topic = classifier.classify(text);
      cases.push({
        _id: caseId,
        suggestions: [],
        title: text,
        language: 'en',
        topic: topic.topic,
        topicConfidence: topic.confidence,
        status: 'open',
        openedAt: receivedAt,
        assigneeIds: [],
        ...triage([{ reachScore: 0, emergency: false, receivedAt }], receivedAt, receivedAt, triageSettings()),
      });
      keys.push({ _id: key, caseId });
    }
    await extend?.({ cases, claims });
    await CaseKeyModel.insertMany(keys);
    await CaseModel.insertMany(cases);
    await ClaimModel.insertMany(claims);
    if ((from / BATCH) % 10 === 9) log(`seeded ${seen.size} cases (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  return seen.size;
}
