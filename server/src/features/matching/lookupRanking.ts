/**
 * The known-rumor lookup: which published case a text is about, and whether its verdict may be
 * given as the text's own. The assessed candidates (`assess.ts`) are judged on one report each;
 * a published case is more than that: its core, its earliest variants and its claim as
 * reviewed together hold the words people use for the claim. A question "隔夜菜会致癌吗" holds
 * 菜, which the case about leftovers holds in one of its reports and the sibling case about
 * watermelon in none. So each candidate is also measured against its case's vocabulary (the
 * union of those entries' features), relative to the other candidates' vocabularies, and the
 * lookup orders the candidates and decides the answer with models of its own, fitted and
 * calibrated by `npm run eval:matching -- --fit` on the fit part of fixtures/matching
 * (`lookupCalibration.ts`). Joining open cases keeps its own rule (`assess.ts`).
 */
import { assessCandidates, type AssessedCandidate } from './assess';
import { ANSWER_FEATURE_SIGNS, answerFeatures } from './answerModel';
import { translatedFeatures } from './crossLingual';
import { LOOKUP_CALIBRATION } from './lookupCalibration';
import { predict, type LogisticModel } from './logistic';
import { isStatementEntry, type MemoryIndex } from './memoryIndex';
import { copySubstitution, statesOtherFact } from './pairEvidence';
import { RANK_FEATURE_SIGNS, rankFeatures, type RankModel, rankScore } from './ranking';
import { CORE_MARGIN } from './settings';
import { DEBUNK_MARKER, DENIAL_MARKER, isMarker, type Segmentation } from './tokens';
import type { FeatureWeights } from './weights';

/** The case's entries read for its vocabulary: as many as its signature samples. */
const VOCABULARY_SAMPLE = 8;

/** The query's heaviest words that stand for what it is about (as in `pairEvidence.ts`). */
const KEY_WORDS = 3;

/** What a case's vocabulary holds of a text, alone and against the other candidates'. */
export interface CaseHold {
  /** Share of the text's weight that some entry of the case holds. */
  caseCoverage: number;
  /** Share of the text's weight this case's vocabulary holds and no other candidate's does. */
  caseExclusiveShare: number;
  /** Share of the text's weight another candidate's vocabulary holds and this one lacks. */
  caseOthersOnlyShare: number;
  /** The heaviest word of the text that no entry of the case holds, over the heaviest a feature can be. */
  caseUnsharedPeak: number;
  /** Share of the weight of the text's KEY_WORDS heaviest words that no entry of the case holds. */
  caseKeyMissing: number;
  /** The text denies or debunks and the case does not, or the other way round (`caseVocabulary`). Not a model input. */
  caseStanceMismatch: boolean;
}

export const CASE_HOLD_FEATURES = ['caseCoverage', 'caseExclusiveShare', 'caseOthersOnlyShare', 'caseUnsharedPeak', 'caseKeyMissing'] as const;
const CASE_HOLD_SIGNS = [1, 1, -1, -1, -1];

/** The lookup's rank model orders by the pair, the case's lead, and the case's vocabulary. */
export const LOOKUP_RANK_SIGNS: readonly number[] = [...RANK_FEATURE_SIGNS, ...CASE_HOLD_SIGNS];
/**
 * The lookup's answer model: the answer model's inputs, the case's vocabulary and the swap in a
 * near copy (`copySubstitution`), then the intercept.
 */
export const LOOKUP_ANSWER_SIGNS: readonly number[] = [...ANSWER_FEATURE_SIGNS, ...CASE_HOLD_SIGNS, -1];
/** Where the swap in a near copy stands among the answer model's inputs (and its weight among the coefficients). */
export const COPY_SUBSTITUTION_INPUT = LOOKUP_ANSWER_SIGNS.length - 1;

export interface LookupCandidate extends AssessedCandidate, CaseHold {
  /** Probability that the text states this published case's claim, under the lookup's answer model. */
  answerProbability: number;
}

const isWord = (feature: string) => !feature.startsWith('u:') && !isMarker(feature);

/** The markers of what a text does with a claim: deny it, debunk it. */
const STANCE_MARKERS = [DENIAL_MARKER, DEBUNK_MARKER] as const;

/**
 * The features of a case's core, earliest variants and claim as reviewed, together, and the
 * case's stance: a stance marker (denies, debunks) when more than half of those entries carry it.
 * A rumor's report may hold a negation in passing ("Nobody alive will see this again", 垃圾分类
 * 根本没用, "aren't contrails"); read against that one report, every rewording without one would
 * seem to deny the case, and one that denies it would seem to agree. The case's entries together
 * say what the case asserts.
 */
export function caseVocabulary(index: MemoryIndex, caseId: string, excludeClaimId?: string): Set<string> {
  const entries = [
    ...index.coresOf(caseId).filter(isStatementEntry),
    ...index.sampleOf(caseId, VOCABULARY_SAMPLE + 1).filter((claimId) => claimId !== excludeClaimId).slice(0, VOCABULARY_SAMPLE),
  ];
  const vocabulary = new Set<string>();
  const carrying = new Map<string, number>();
  for (const entryId of entries) {
    for (const feature of index.featuresOf(entryId)) {
      if (!isMarker(feature)) vocabulary.add(feature);
      else carrying.set(feature, (carrying.get(feature) ?? 0) + 1);
    }
  }
  for (const marker of STANCE_MARKERS) if (2 * (carrying.get(marker) ?? 0) > entries.length) vocabulary.add(marker);
  return vocabulary;
}

/** Each vocabulary's hold on the text, against the others'. */
export function caseHolds(query: ReadonlySet<string>, vocabularies: ReadonlyArray<ReadonlySet<string>>, weights: FeatureWeights): CaseHold[] {
  const held = vocabularies.map(() => 0);
  const exclusive = vocabularies.map(() => 0);
  const othersOnly = vocabularies.map(() => 0);
  const peak = vocabularies.map(() => 0);
  let mass = 0;
  const keys: Array<{ feature: string; weight: number }> = [];
  for (const feature of query) {
    if (isMarker(feature)) continue;
    const weight = weights.weight(feature);
    mass += weight ** 2;
    if (isWord(feature)) keys.push({ feature, weight });
    const holders = vocabularies.map((vocabulary) => vocabulary.has(feature));
    const holding = holders.filter(Boolean).length;
    holders.forEach((holds, i) => {
      if (holds) held[i]! += weight ** 2;
      if (holds && holding === 1) exclusive[i]! += weight ** 2;
      if (!holds && holding > 0) othersOnly[i]! += weight ** 2;
      if (!holds && isWord(feature)) peak[i] = Math.max(peak[i]!, weight);
    });
  }
  keys.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1));
  const key = keys.slice(0, KEY_WORDS);
  const keyMass = key.reduce((sum, { weight }) => sum + weight, 0);
  const share = (value: number) => (mass > 0 ? value / mass : 0);
  return vocabularies.map((vocabulary, i) => ({
    caseCoverage: share(held[i]!),
    caseExclusiveShare: share(exclusive[i]!),
    caseOthersOnlyShare: share(othersOnly[i]!),
    caseUnsharedPeak: peak[i]! / weights.maxWeight,
    caseKeyMissing: keyMass > 0 ? key.filter(({ feature }) => !vocabulary.has(feature)).reduce((sum, { weight }) => sum + weight, 0) / keyMass : 0,
    caseStanceMismatch: STANCE_MARKERS.some((marker) => query.has(marker) !== vocabulary.has(marker)),
  }));
}

const holdFeatures = (hold: CaseHold) => CASE_HOLD_FEATURES.map((name) => hold[name]);

export function lookupRankFeatures(candidate: AssessedCandidate & CaseHold): number[] {
  return [...rankFeatures(candidate.evidence, candidate), ...holdFeatures(candidate)];
}

export function lookupAnswerFeatures(candidate: AssessedCandidate & CaseHold, evidence = candidate.evidence): number[] {
  return [...answerFeatures(evidence, candidate), ...holdFeatures(candidate), copySubstitution(evidence)];
}

/** Whether the lookup never answers a text with this candidate: the text's stance is not the case's, or its figures or the way its comparison points are not the report's. */
export function lookupContradicts(candidate: Pick<CaseHold, 'caseStanceMismatch'>, evidence: Pick<AssessedCandidate['evidence'], 'figureMismatch' | 'comparisonFlipped'>): boolean {
  return candidate.caseStanceMismatch || statesOtherFact(evidence);
}

/**
 * Probability that the text states the case's claim: never for a text that denies what the case
 * asserts (or asserts what it denies) or gives other figures (`lookupContradicts`), and a variant
 * vouches at most CORE_MARGIN more than the case's core does.
 */
export function lookupAnswerProbability(candidate: AssessedCandidate & CaseHold, model: LogisticModel = LOOKUP_CALIBRATION.answerModel): number {
  const of = (evidence: AssessedCandidate['evidence']) => (lookupContradicts(candidate, evidence) ? 0 : predict(model, lookupAnswerFeatures(candidate, evidence)));
  const probability = of(candidate.evidence);
  return candidate.coreEvidence ? Math.min(probability, of(candidate.coreEvidence) + CORE_MARGIN) : probability;
}

/** Each assessed candidate with its case's hold on the text (in the order given). */
export function withCaseHolds(index: MemoryIndex, features: readonly string[], assessed: readonly AssessedCandidate[], excludeClaimId?: string): Array<AssessedCandidate & CaseHold> {
  const vocabularies = assessed.map((candidate) => caseVocabulary(index, candidate.caseId, excludeClaimId));
  const holds = caseHolds(new Set(features), vocabularies, index.collectionWeights);
  return assessed.map((candidate, i) => ({ ...candidate, ...holds[i]! }));
}

/**
 * The published candidates of a lookup, best first under the lookup's rank model, each with its
 * answer probability. Ties (an unfitted model) keep the assessed order.
 */
export function rankLookup(
  index: MemoryIndex,
  features: readonly string[],
  assessed: readonly AssessedCandidate[],
  excludeClaimId?: string,
  calibration: Pick<typeof LOOKUP_CALIBRATION, 'rankModel' | 'answerModel'> = LOOKUP_CALIBRATION,
): LookupCandidate[] {
  return inLookupOrder(withCaseHolds(index, features, assessed, excludeClaimId), calibration.rankModel).map((candidate) => ({
    ...candidate,
    answerProbability: lookupAnswerProbability(candidate, calibration.answerModel),
  }));
}

/** Candidates with their cases' holds, best first under a lookup rank model; ties keep their order. */
export function inLookupOrder<T extends AssessedCandidate & CaseHold>(candidates: readonly T[], model: RankModel): T[] {
  return candidates
    .map((candidate, position) => ({ candidate, score: rankScore(model, lookupRankFeatures(candidate)), position }))
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .map(({ candidate }) => candidate);
}

/**
 * The lookup with the text read in the other language too (`crossLingual.ts`): the translated
 * lookup's first candidate leads when it is at least `lead` more similar than the lookup's own
 * first (a same-language candidate of that case keeps its place and answer), else its candidates
 * follow the lookup's. A candidate found only through the translation is never answered with.
 */
export function withTranslation(ranked: readonly LookupCandidate[], translated: readonly LookupCandidate[], lead: number): LookupCandidate[] {
  const known = new Set(ranked.map((candidate) => candidate.caseId));
  const unanswered = (candidate: LookupCandidate) => (known.has(candidate.caseId) ? [] : [{ ...candidate, answerProbability: 0 }]);
  const top = translated[0];
  if (!top || top.caseId === ranked[0]?.caseId || top.evidence.similarity < (ranked[0]?.evidence.similarity ?? 0) + lead) {
    return [...ranked, ...translated.flatMap(unanswered)];
  }
  const own = ranked.find((candidate) => candidate.caseId === top.caseId);
  known.add(top.caseId);
  return [own ?? { ...top, answerProbability: 0 }, ...ranked.filter((candidate) => candidate !== own), ...translated.slice(1).flatMap(unanswered)];
}

/** The known-rumor lookup on an index: its published candidates in order, each with its answer probability. */
export function lookupPublished(index: MemoryIndex, features: readonly string[], isPublished: (caseId: string) => boolean, segmentation: Segmentation): LookupCandidate[] {
  const lookup = (query: readonly string[]) => (query.length > 0 ? rankLookup(index, query, assessCandidates(index, query, undefined, isPublished)) : []);
  return withTranslation(lookup(features), lookup(translatedFeatures(features, segmentation)), LOOKUP_CALIBRATION.crossLingualLead);
}
