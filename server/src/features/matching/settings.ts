import type { LshShape } from './minhash';
import type { Segmentation } from './tokens';

/** How reports are matched. Thresholds are calibrated with `npm run eval:matching`. */
export interface MatchSettings {
  /** At or above: the report joins the case. */
  joinThreshold: number;
  /** At or above (and below join): a new case, linked to the similar one as a suggestion. */
  suggestThreshold: number;
  lsh: LshShape;
  segmentation: Segmentation;
  /** Candidates scored precisely per report, the ones sharing most band keys first. */
  maxCandidates: number;
}

export const DEFAULT_MATCH_SETTINGS: MatchSettings = {
  joinThreshold: 0.35,
  suggestThreshold: 0.2,
  lsh: { bands: 32, rows: 2 },
  segmentation: 'intl-segmenter',
  maxCandidates: 256,
};

let current: MatchSettings = DEFAULT_MATCH_SETTINGS;

export function matchSettings(): MatchSettings {
  return current;
}

export function configureMatching(overrides: Partial<Pick<MatchSettings, 'joinThreshold' | 'suggestThreshold'>>): void {
  current = { ...DEFAULT_MATCH_SETTINGS, ...overrides };
}
