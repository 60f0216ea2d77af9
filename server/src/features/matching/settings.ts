import { ANSWER_CALIBRATION } from './answerCalibration';
import { LOOKUP_CALIBRATION } from './lookupCalibration';
import type { LshShape } from './minhash';
import type { Segmentation } from './tokens';

/** How reports are matched. The bars are calibrated with `npm run eval:matching -- --fit`. */
export interface MatchSettings {
  /** Similarity at or above which a report joins an open case (`joinsOpenCase` in assess.ts). */
  joinThreshold: number;
  /** How far below the join bar the report may stand to the case's core (its opening report). */
  joinCoreGap: number;
  /** The answer model's probability a report needs to join an open case (far below the answer bar). */
  joinProbability: number;
  /**
   * Probability at or above which a published verdict is given as a text's own answer (and a
   * report joins a published case); below it the case is only related.
   */
  answerThreshold: number;
  /** Similarity at or above which a case that is not joined is still suggested to reviewers. */
  suggestThreshold: number;
  /**
   * Similarity at or above which a published case not answered with is still named as related:
   * higher than the suggestion bar, since a platform sees it without a reviewer between.
   */
  relatedThreshold: number;
  lsh: LshShape;
  segmentation: Segmentation;
  /** Candidates scored precisely per report, the ones sharing most band keys first. */
  maxCandidates: number;
}

export const DEFAULT_MATCH_SETTINGS: MatchSettings = {
  joinThreshold: ANSWER_CALIBRATION.joinSimilarity,
  joinCoreGap: ANSWER_CALIBRATION.joinCoreGap,
  joinProbability: ANSWER_CALIBRATION.joinProbability,
  answerThreshold: LOOKUP_CALIBRATION.answerProbability,
  suggestThreshold: 0.2,
  relatedThreshold: 0.3,
  lsh: { bands: 32, rows: 2 },
  segmentation: 'intl-segmenter',
  maxCandidates: 256,
};

/**
 * For the answer model: a variant may vouch for a case at most this much more than the case's
 * core (its opening report) does, so a text drifting away from what the case is about is not
 * answered with its verdict.
 */
export const CORE_MARGIN = 0.25;

let current: MatchSettings = DEFAULT_MATCH_SETTINGS;

export function matchSettings(): MatchSettings {
  return current;
}

export function configureMatching(overrides: Partial<Pick<MatchSettings, 'joinThreshold' | 'suggestThreshold'>>): void {
  current = { ...DEFAULT_MATCH_SETTINGS, ...overrides };
}
