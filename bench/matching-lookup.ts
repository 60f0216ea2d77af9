/**
 * The known-rumor lookup's models (`lookupRanking.ts`), fitted on the fit part of the labelled
 * data by `npm run eval:matching -- --fit` and written to lookupCalibration.ts: the rank model
 * pairwise (the right case above each wrong one), the answer model on each text's two most
 * similar candidates, and the answer bar, the lowest from which on no setting's fit part has more
 * than one wrong answer in a hundred.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AssessedCandidate } from '../server/src/features/matching/assess';
import { fitLogistic, type LabelledExample, type LogisticModel } from '../server/src/features/matching/logistic';
import {
  type CaseHold,
  inLookupOrder,
  LOOKUP_ANSWER_SIGNS,
  LOOKUP_RANK_SIGNS,
  lookupAnswerFeatures,
  lookupAnswerProbability,
  lookupContradicts,
  lookupRankFeatures,
  withTranslation,
} from '../server/src/features/matching/lookupRanking';
import type { RankModel } from '../server/src/features/matching/ranking';
import { REPO_ROOT } from '../server/src/paths';

export type Held = AssessedCandidate & CaseHold;

export interface LookupCalibration {
  rankModel: RankModel;
  answerModel: LogisticModel;
  answerProbability: number;
  /** How much more similar the translated lookup's first candidate must be to lead (`withTranslation`). */
  crossLingualLead: number;
}

/** One labelled lookup: its candidates (with their cases' holds) and whether a case is the right answer. */
export interface LabelledLookup {
  candidates: Held[];
  /** The candidates of the text read in the other language (`crossLingual.ts`). */
  translated?: Held[];
  isRight: (caseId: string) => boolean;
}

const FIT_OPTIONS = { iterations: 20000, rate: 2, l2: 1e-4 };

export function fitLookupRankModel(lookups: readonly LabelledLookup[]): RankModel {
  const examples: LabelledExample[] = [];
  for (const { candidates, isRight } of lookups) {
    const features = candidates.map((c) => ({ right: isRight(c.caseId), features: lookupRankFeatures(c) }));
    for (const right of features.filter((c) => c.right)) {
      for (const wrong of features.filter((c) => !c.right)) {
        const difference = right.features.map((value, k) => value - wrong.features[k]!);
        examples.push({ features: difference, positive: true }, { features: difference.map((value) => -value), positive: false });
      }
    }
  }
  const model = fitLogistic(examples, { ...FIT_OPTIONS, signs: LOOKUP_RANK_SIGNS });
  return { coefficients: model.coefficients.slice(0, -1) };
}

/**
 * Training pairs of the answer model: each text's two most similar candidates that neither deny
 * it nor give other figures (those are never answered, `lookupAnswerProbability`).
 */
export function fitLookupAnswerModel(lookups: readonly LabelledLookup[]): LogisticModel {
  const examples = lookups.flatMap(({ candidates, isRight }) =>
    [...candidates]
      .sort((a, b) => b.evidence.similarity - a.evidence.similarity)
      .filter((c) => !lookupContradicts(c, c.evidence))
      .slice(0, 2)
      .map((c) => ({ features: lookupAnswerFeatures(c), positive: isRight(c.caseId) })),
  );
  return fitLogistic(examples, { ...FIT_OPTIONS, signs: LOOKUP_ANSWER_SIGNS });
}

export interface LookupAnswer {
  caseId: string;
  probability: number;
}

/** A lookup's candidates in rank order (the translated lookup's merged in), each with its answer probability. */
export function scoreLookup(candidates: readonly Held[], calibration: LookupCalibration, translated: readonly Held[] = []): LookupAnswer[] {
  const ordered = (among: readonly Held[]) => inLookupOrder(among, calibration.rankModel).map((c) => ({ ...c, answerProbability: lookupAnswerProbability(c, calibration.answerModel) }));
  return withTranslation(ordered(candidates), ordered(translated), calibration.crossLingualLead).map((c) => ({ caseId: c.caseId, probability: c.answerProbability }));
}

/** Scored candidates with the one a lookup is answered with at a bar (the first at it) first. */
export function answerAtBar(scored: readonly LookupAnswer[], bar: number): LookupAnswer[] {
  const answer = scored.find((c) => c.probability >= bar) ?? scored[0];
  return answer ? [answer, ...scored.filter((c) => c !== answer)] : [];
}

/** A lookup's candidates in rank order, the one it would be answered with (the first at the bar) first. */
export function answerLookup(candidates: readonly Held[], calibration: LookupCalibration, bar = calibration.answerProbability, translated: readonly Held[] = []): LookupAnswer[] {
  return answerAtBar(scoreLookup(candidates, calibration, translated), bar);
}

const BARS = [...Array.from({ length: 99 }, (_, i) => (i + 1) / 100), 0.992, 0.994, 0.996, 0.998, 0.999];

/** The lowest bar from which on every setting's precision (given a bar) stays at least `precision`. */
export function lowestPreciseBar(precisionAt: (bar: number) => number, precision = 0.99): number {
  const precise = BARS.map((bar) => precisionAt(bar) >= precision);
  return BARS.find((_, i) => precise.slice(i).every(Boolean)) ?? 0.999;
}

/** The translation's lead: the one under which most fit lookups put the right case first (the largest of equals: the translation leads least). */
export function fitCrossLingualLead(lookups: readonly LabelledLookup[], calibration: Omit<LookupCalibration, 'crossLingualLead'>): number {
  const leads = [1, 0.3, 0.2, 0.15, 0.1, 0.05, 0];
  const rightFirst = (lead: number) =>
    lookups.filter(({ candidates, translated, isRight }) => {
      const first = answerLookup(candidates, { ...calibration, crossLingualLead: lead }, 1.1, translated)[0];
      return first !== undefined && isRight(first.caseId);
    }).length;
  return leads.map((lead) => ({ lead, right: rightFirst(lead) })).reduce((best, next) => (next.right > best.right ? next : best)).lead;
}

export function writeLookupCalibration(calibration: LookupCalibration): void {
  const rounded = (coefficients: readonly number[]) => coefficients.map((c) => Math.round(c * 1e4) / 1e4).join(', ');
  const body = `/** Written by \`npm run eval:matching -- --fit\`; see lookupRanking.ts. */
export const LOOKUP_CALIBRATION = {
  rankModel: { coefficients: [${rounded(calibration.rankModel.coefficients)}] },
  answerModel: { coefficients: [${rounded(calibration.answerModel.coefficients)}] },
  answerProbability: ${calibration.answerProbability},
  crossLingualLead: ${calibration.crossLingualLead},
};
`;
  fs.writeFileSync(path.join(REPO_ROOT, 'server/src/features/matching/lookupCalibration.ts'), body);
}
