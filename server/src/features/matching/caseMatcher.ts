/**
 * Where a report goes: joins a case (high similarity), opens a new case linked to a similar one
 * as a suggestion (middle band), or opens a new case. Decided on this process's in-memory index
 * without a database query; intake then stores the report with its case and, for a new case,
 * registers the exact-text key, whose unique _id settles identical texts arriving at once.
 */
import { Types } from 'mongoose';
import type { Language } from '@refute/shared';
import { isDuplicateKeyError } from '../../http/errors';
import { joinsOpenCase } from './assess';
import { intakeCandidates, type ScoredCandidate } from './candidateIndex';
import { CaseKeyModel } from './caseKeyModel';
import { indexReady } from './liveIndex';
import { isStatementEntry } from './memoryIndex';
import { exactMatchKey } from './normalize';
import { notSeparatedFrom } from './separations';
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

export interface Suggestion {
  caseId: Types.ObjectId;
  similarity: number;
}

export interface MatchDecision {
  caseId: Types.ObjectId;
  /** True when the report opens a new case under `caseId`. */
  opensCase: boolean;
  outcome: MatchOutcome;
  similarity: number;
  /**
   * Probability that the report states the case's claim (1 for exact text): the known-rumor
   * lookup's for a published case, the join model's for an open one.
   */
  probability: number;
  /** A published case at the published-answer bar: its verdict may be given as the report's own. */
  answerable: boolean;
  /** The heaviest words the report shares with the most likely case's nearest report. */
  sharedTerms: string[];
  /** The most likely other case, for joins and suggestions. */
  candidateCaseId: Types.ObjectId | null;
  /** `statement`: the case's nearest entry was its claim as reviewed, not one of its reports. */
  method: 'exact' | 'similarity' | 'statement';
  joinThreshold: number;
  answerThreshold: number;
  suggestThreshold: number;
  suggestions: Suggestion[];
  /** Whether this report should be indexed as a new variant of its case's text. */
  index: boolean;
  /** The exact-text key of the report. */
  key: string;
}

export interface CaseMatcher {
  decide(report: ReportToMatch): Promise<MatchDecision>;
}

/** How the report found its candidate: by a report of the case, or by the case's claim as reviewed. */
const methodOf = (candidate: ScoredCandidate) => (isStatementEntry(candidate.entryId) ? 'statement' : 'similarity');

/** A near-identical report adds nothing to the index that its case's reports do not have. */
const NEW_VARIANT_BELOW = 0.9;
const MAX_SUGGESTIONS = 3;

/**
 * Two bars: an open case (or one in review) is joined by the join rule, since reviewers will see
 * the report; a published case only at the answer bar, since joining it gives the report its
 * verdict. A case is judged on its core as well as on its nearest variant (`assess.ts`).
 */
export function createSimilarityMatcher(settings: () => MatchSettings = matchSettings): CaseMatcher {
  return {
    async decide(report) {
      const config = settings();
      const thresholds = { joinThreshold: config.joinThreshold, answerThreshold: config.answerThreshold, suggestThreshold: config.suggestThreshold };
      const key = exactMatchKey(report.normalizedText, report.text);
      const index = await indexReady();
      const exact = index.caseOfKey(key);
      if (exact) {
        const caseId = new Types.ObjectId(exact);
        const certain = { similarity: 1, probability: 1, answerable: true, sharedTerms: [] };
        return { caseId, opensCase: false, outcome: 'joined', ...certain, candidateCaseId: caseId, method: 'exact', ...thresholds, suggestions: [], index: false, key };
      }
      const isPublished = (caseId: string) => index.caseState(caseId).status === 'published';
      // A reviewer's "not the same claim" rules a case out for this text, whatever it scores (separations.ts).
      const candidates = (await intakeCandidates(report.matchTokens, report._id, isPublished)).filter(await notSeparatedFrom(key));
      // Only a published candidate's probability comes from the lookup's model, which the answer
      // bar is calibrated for; an open case's is the join model's, read against the join rule only.
      const answers = (candidate: ScoredCandidate) => isPublished(String(candidate.caseId)) && candidate.answerProbability >= config.answerThreshold;
      const clears = (candidate: ScoredCandidate) =>
        isPublished(String(candidate.caseId))
          ? answers(candidate)
          : joinsOpenCase(candidate, config.joinThreshold, config.joinCoreGap, candidate.answerProbability, config.joinProbability);
      // The most similar case that clears its bar.
      const joined = candidates.find(clears);
      const best = joined ?? candidates[0];
      const measured = {
        similarity: best?.similarity ?? 0,
        probability: best?.answerProbability ?? 0,
        answerable: best !== undefined && answers(best),
        sharedTerms: best?.sharedTerms ?? [],
        candidateCaseId: best?.caseId ?? null,
      };
      if (joined) {
        return { caseId: joined.caseId, opensCase: false, outcome: 'joined', ...measured, method: methodOf(joined), ...thresholds, suggestions: [], index: joined.similarity < NEW_VARIANT_BELOW, key };
      }
      const suggestions = candidates
        .filter((candidate) => candidate.similarity >= config.suggestThreshold)
        .slice(0, MAX_SUGGESTIONS)
        .map((candidate) => ({ caseId: candidate.caseId, similarity: candidate.similarity }));
      return {
        caseId: new Types.ObjectId(),
        opensCase: true,
        outcome: suggestions.length > 0 ? 'suggested' : 'new',
        ...measured,
        answerable: false,
        method: best ? methodOf(best) : 'similarity',
        ...thresholds,
        suggestions,
        index: true,
        key,
      };
    },
  };
}

/**
 * Registers the key for a new case, or returns the case that already holds it. An insert, not
 * an upsert: the unique _id decides, and only the loser of a race reads the winner's entry.
 */
export async function claimKey(key: string, candidate: Types.ObjectId): Promise<Types.ObjectId> {
  try {
    await CaseKeyModel.create({ _id: key, caseId: candidate });
    return candidate;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const entry = await CaseKeyModel.findById(key).lean();
  if (!entry) throw new Error(`Case key ${key} vanished after a duplicate-key error`);
  return entry.caseId;
}
