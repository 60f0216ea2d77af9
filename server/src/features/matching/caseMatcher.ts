/**
 * Where a report goes: joins a case (high similarity), opens a new case linked to a similar one
 * as a suggestion (middle band), or opens a new case. Identical normalised texts always share a
 * case through the exact-key registry, also when they arrive at the same moment.
 */
import { Types } from 'mongoose';
import type { Language } from '@refute/shared';
import { isDuplicateKeyError } from '../../http/errors';
import { ensureCase, liveCaseId } from '../cases/repository';
import { nearestCases } from './candidateIndex';
import { CaseKeyModel } from './caseKeyModel';
import { exactMatchKey } from './normalize';
import { matchSettings, type MatchSettings } from './settings';

export interface ReportToMatch {
  _id: Types.ObjectId;
  text: string;
  normalizedText: string;
  matchTokens: string[];
  language: Language;
  receivedAt: Date;
}

export type MatchOutcome = 'joined' | 'suggested' | 'new';

export interface MatchDecision {
  caseId: Types.ObjectId;
  /** True when this report opened the case. */
  opened: boolean;
  outcome: MatchOutcome;
  similarity: number;
  /** The most similar other case, for joins and suggestions. */
  candidateCaseId: Types.ObjectId | null;
  method: 'exact' | 'similarity';
  joinThreshold: number;
  suggestThreshold: number;
  /** Whether this report should be indexed as a new variant of its case's text. */
  index: boolean;
}

export interface CaseMatcher {
  assign(report: ReportToMatch): Promise<MatchDecision>;
}

/** A near-identical report adds nothing to the index that its case's reports do not have. */
const NEW_VARIANT_BELOW = 0.9;
const MAX_SUGGESTIONS = 3;

export function createSimilarityMatcher(settings: () => MatchSettings = matchSettings): CaseMatcher {
  return {
    async assign(report) {
      const config = settings();
      const thresholds = { joinThreshold: config.joinThreshold, suggestThreshold: config.suggestThreshold };
      const key = exactMatchKey(report.normalizedText, report.text);
      const exact = await CaseKeyModel.findById(key).lean();
      if (exact) {
        return { caseId: await liveCaseId(exact.caseId), opened: false, outcome: 'joined', similarity: 1, candidateCaseId: exact.caseId, method: 'exact', ...thresholds, index: false };
      }
      const candidates = await nearestCases(report.matchTokens, config, report._id);
      const best = candidates[0];
      if (best && best.similarity >= config.joinThreshold) {
        return {
          caseId: await liveCaseId(best.caseId),
          opened: false,
          outcome: 'joined',
          similarity: best.similarity,
          candidateCaseId: best.caseId,
          method: 'similarity',
          ...thresholds,
          index: best.similarity < NEW_VARIANT_BELOW,
        };
      }
      const suggestions = candidates
        .filter((candidate) => candidate.similarity >= config.suggestThreshold)
        .slice(0, MAX_SUGGESTIONS)
        .map((candidate) => ({ caseId: candidate.caseId, similarity: candidate.similarity }));
      const caseId = await claimKey(key, new Types.ObjectId());
      const opened = await ensureCase(caseId, report, suggestions);
      return {
        caseId,
        opened,
        outcome: suggestions.length > 0 ? 'suggested' : 'new',
        similarity: best?.similarity ?? 0,
        candidateCaseId: best?.caseId ?? null,
        method: 'similarity',
        ...thresholds,
        index: true,
      };
    },
  };
}

/** Registers the key for a new case, or returns the case that already holds it. */
async function claimKey(key: string, candidate: Types.ObjectId): Promise<Types.ObjectId> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const entry = await CaseKeyModel.findOneAndUpdate(
        { _id: key },
        { $setOnInsert: { caseId: candidate } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      if (entry) return entry.caseId;
    } catch (error) {
      // Two upserts of one new key race; the loser reads the winner's entry on the next pass.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  throw new Error(`Could not register case key ${key}`);
}
