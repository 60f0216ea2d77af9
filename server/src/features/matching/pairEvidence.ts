/**
 * What two texts share and what sets them apart, in interpretable measures: the inputs of the
 * answer model (`answerModel.ts`) and what a reviewer is shown of why a report joined its case.
 * A same-subject text shares the subject's words (隔夜, 致癌) but brings a heavy word of its own
 * (西瓜) or denies the claim; a rewording shares the claim's rarest words.
 */
import { DEBUNK_MARKER, DENIAL_MARKER, GREATER_MARKER, isFigure, isMarker, LESSER_MARKER, NEWS_REGISTER_MARKER, REPORTED_MARKER } from './tokens';
import type { FeatureWeights } from './weights';

export interface PairEvidence {
  /** The score of `similarity.ts`: weighted cosine blended with containment. */
  similarity: number;
  cosine: number;
  /** Share of the query's weight found in the candidate. */
  queryCoverage: number;
  /** Share of the candidate's weight found in the query. */
  candidateCoverage: number;
  /** How many words (not single characters) both texts hold, as log(1 + n) / log(10). */
  sharedWords: number;
  /** One text denies or debunks the claim, the other does not (either marker differs). */
  denialMismatch: boolean;
  /**
   * Both texts give figures and most of them differ: another day's bulletin (截至2月5日 … 28018例
   * against 截至2月6日 … 31161例), another magnitude (8级 for 7级). Another fact, however many
   * words the two share.
   */
  figureMismatch: boolean;
  /** One text compares one way ("less than", 低于), the other the other way only: the opposite claim. */
  comparisonFlipped: boolean;
  /**
   * One text reports a named source (据…报道, 新闻发布会: an official or media post), the other
   * does not: a news post that holds a rumor's words in passing states something else.
   */
  sourceMismatch: boolean;
  /**
   * One text reads as news or an official post (`register.ts`), the other as a rumor passed on:
   * the true post on a rumor's subject that names no source. Read by the join rule.
   */
  registerMismatch: boolean;
  /**
   * Both texts read as news or report a named source: the register cannot tell them apart, and
   * two such posts on one subject report two events unless one copies the other. Read by the
   * join rule against the cosine (`assess.ts`).
   */
  newsPair: boolean;
  /** The heaviest word of the query that the candidate lacks, over the heaviest a feature can be. */
  queryUnsharedPeak: number;
  /** The heaviest word of the candidate that the query lacks, likewise. */
  candidateUnsharedPeak: number;
  /**
   * The smaller of the two peaks: each side names a heavy word the other does not (西瓜 for 菜,
   * 电磁炉 for 微波炉), the mark of another claim in the same frame rather than a longer post.
   */
  substitutionPeak: number;
  /**
   * The same, counting only words the background corpus knows (`isKnownWord`) and the other side
   * holds no character of: a one-character edit makes bigrams across two words on both sides
   * (人和畜 against 人与畜), which weigh as unknown words, and a typo (至癌 for 致癌) leaves a
   * character of the word; neither swaps what the text is about.
   */
  wordSwapPeak: number;
  /** Share of the heavy features' weight (either side's) that the other side lacks. */
  unsharedHeavyShare: number;
  /**
   * Share of the weight of each side's KEY_WORDS heaviest words that the other side lacks: a
   * rewording keeps what the claim is about (its subject), a near miss swaps it out.
   */
  queryKeyMissing: number;
  candidateKeyMissing: number;
  /** The heaviest shared features, as a reviewer reads them. */
  sharedTerms: string[];
}

/** How many of a text's heaviest words stand for what it is about. */
const KEY_WORDS = 3;

/** A feature at least this share of the heaviest possible weight counts as heavy (a content word). */
const HEAVY_SHARE = 0.5;

const SHOWN_TERMS = 8;

/** A feature as a reader sees it: single Han characters are stored marked. */
const displayTerm = (feature: string) => feature.replace(/^u:/u, '');

/** Single Han characters repeat what the words around them say: words are counted and shown first. */
const isWord = (feature: string) => !feature.startsWith('u:') && !isMarker(feature);

/**
 * Figures disagree when each text has one the other lacks and less than half of the smaller
 * side's figures, counted by their digits (28018 says more than the 2 of 2月), are shared: a
 * post that adds a year or a count to the claim still agrees.
 */
const FIGURES_SHARED_AT_LEAST = 0.5;

/** One text compares only as "less than", the other only as "more than". */
const lesserAgainstGreater = (lesser: ReadonlySet<string>, greater: ReadonlySet<string>) =>
  lesser.has(LESSER_MARKER) && !lesser.has(GREATER_MARKER) && greater.has(GREATER_MARKER) && !greater.has(LESSER_MARKER);

function figuresDisagree(query: ReadonlySet<string>, candidate: ReadonlySet<string>): boolean {
  const digits = (figures: string[]) => figures.reduce((sum, figure) => sum + figure.length, 0);
  const queryFigures = [...query].filter(isFigure);
  const candidateFigures = [...candidate].filter(isFigure);
  const shared = queryFigures.filter((figure) => candidate.has(figure));
  if (shared.length === queryFigures.length || shared.length === candidateFigures.length) return false;
  return digits(shared) < FIGURES_SHARED_AT_LEAST * Math.min(digits(queryFigures), digits(candidateFigures));
}

/**
 * The evidence of a pair. `query` is a set, built once per text: a text is paired with several
 * candidates and their cores. Feature lists hold each feature once.
 */
export function pairEvidence(query: ReadonlySet<string>, candidate: readonly string[], weights: FeatureWeights): PairEvidence {
  const heavy = HEAVY_SHARE * weights.maxWeight;
  let shared = 0;
  let queryMass = 0;
  let candidateMass = 0;
  let heavyMass = 0;
  let heavyUnshared = 0;
  let queryPeak = 0;
  let candidatePeak = 0;
  let queryWordPeak = 0;
  let candidateWordPeak = 0;
  // A word the other side holds a character of was misspelt or reworded (至癌 for 致癌), not swapped.
  const isSwappable = (feature: string, other: ReadonlySet<string>) =>
    isWord(feature) && (weights.isKnownWord?.(feature) ?? true) && ![...feature].some((character) => other.has(`u:${character}`));
  const candidateFeatures = new Set<string>();
  const sharedFeatures: string[] = [];
  for (const feature of candidate) {
    candidateFeatures.add(feature);
    const weight = weights.weight(feature);
    candidateMass += weight ** 2;
    if (isMarker(feature)) continue;
    const isShared = query.has(feature);
    if (isShared) {
      shared += weight ** 2;
      sharedFeatures.push(feature);
    } else if (isWord(feature)) {
      candidatePeak = Math.max(candidatePeak, weight);
      if (isSwappable(feature, query)) candidateWordPeak = Math.max(candidateWordPeak, weight);
    }
    if (weight >= heavy) {
      heavyMass += weight ** 2;
      if (!isShared) heavyUnshared += weight ** 2;
    }
  }
  for (const feature of query) {
    const weight = weights.weight(feature);
    queryMass += weight ** 2;
    if (isMarker(feature) || candidateFeatures.has(feature)) continue;
    if (isWord(feature)) queryPeak = Math.max(queryPeak, weight);
    if (isSwappable(feature, candidateFeatures)) queryWordPeak = Math.max(queryWordPeak, weight);
    if (weight >= heavy) {
      heavyMass += weight ** 2;
      heavyUnshared += weight ** 2;
    }
  }
  const keyMissing = (features: Iterable<string>, other: ReadonlySet<string>) => {
    const keys = [...features].filter(isWord).map((feature) => ({ feature, weight: weights.weight(feature) }));
    keys.sort((a, b) => b.weight - a.weight);
    let total = 0;
    let missing = 0;
    for (const { feature, weight } of keys.slice(0, KEY_WORDS)) {
      total += weight;
      if (!other.has(feature)) missing += weight;
    }
    return total > 0 ? missing / total : 0;
  };
  const denialMismatch = [DENIAL_MARKER, DEBUNK_MARKER].some((marker) => query.has(marker) !== candidateFeatures.has(marker));
  const figureMismatch = figuresDisagree(query, candidateFeatures);
  const comparisonFlipped = lesserAgainstGreater(query, candidateFeatures) || lesserAgainstGreater(candidateFeatures, query);
  const sourceMismatch = query.has(REPORTED_MARKER) !== candidateFeatures.has(REPORTED_MARKER);
  const registerMismatch = query.has(NEWS_REGISTER_MARKER) !== candidateFeatures.has(NEWS_REGISTER_MARKER);
  const readsAsNews = (features: ReadonlySet<string>) => features.has(NEWS_REGISTER_MARKER) || features.has(REPORTED_MARKER);
  const newsPair = readsAsNews(query) && readsAsNews(candidateFeatures);
  const queryUnsharedPeak = queryPeak / weights.maxWeight;
  const candidateUnsharedPeak = candidatePeak / weights.maxWeight;
  const unshared = {
    queryUnsharedPeak,
    candidateUnsharedPeak,
    substitutionPeak: Math.min(queryUnsharedPeak, candidateUnsharedPeak),
    wordSwapPeak: Math.min(queryWordPeak, candidateWordPeak) / weights.maxWeight,
    unsharedHeavyShare: heavyMass > 0 ? heavyUnshared / heavyMass : 0,
    queryKeyMissing: keyMissing(query, candidateFeatures),
    candidateKeyMissing: keyMissing(candidate, query),
  };
  if (queryMass === 0 || candidateMass === 0) {
    return { similarity: 0, cosine: 0, queryCoverage: 0, candidateCoverage: 0, sharedWords: 0, denialMismatch, figureMismatch, comparisonFlipped, sourceMismatch, registerMismatch, newsPair, ...unshared, sharedTerms: [] };
  }
  const cosine = shared / Math.sqrt(queryMass * candidateMass);
  return {
    similarity: 0.5 * cosine + 0.5 * (shared / Math.min(queryMass, candidateMass)),
    cosine,
    queryCoverage: shared / queryMass,
    candidateCoverage: shared / candidateMass,
    sharedWords: Math.log1p(sharedFeatures.filter(isWord).length) / Math.LN10,
    denialMismatch,
    figureMismatch,
    comparisonFlipped,
    sourceMismatch,
    registerMismatch,
    newsPair,
    ...unshared,
    sharedTerms: shownTerms(sharedFeatures, weights),
  };
}

/** The texts report another fact in the same words: their figures differ, or their comparisons point opposite ways. */
export function statesOtherFact(evidence: Pick<PairEvidence, 'figureMismatch' | 'comparisonFlipped'>): boolean {
  return evidence.figureMismatch || evidence.comparisonFlipped;
}

/** The texts state different facts: one denies what the other asserts, or it reports another fact (`statesOtherFact`). */
export function contradicts(evidence: Pick<PairEvidence, 'denialMismatch' | 'figureMismatch' | 'comparisonFlipped'>): boolean {
  return evidence.denialMismatch || statesOtherFact(evidence);
}

/** Below this cosine a pair is no near copy, and what each side names that the other lacks is rewording, not a swap. */
const NEAR_COPY_COSINE = 0.5;

/**
 * A heavy word swapped in a near copy of the report: the word swap peak (each side names a heavy
 * word the other lacks, 大米 for 鸡蛋), counted by how far the cosine is above
 * NEAR_COPY_COSINE. The near misses the answer bar was held up by are copies of a rumor with its
 * subject swapped out (用塑料做的假鸡蛋 against 假大米, 坐飞机 against 坐高铁, cosine 0.8 to
 * 0.9); in a looser rewording (a question, a long post, a paraphrase) each side lacks heavy words
 * too, and there a swap says little.
 */
export function copySubstitution(evidence: Pick<PairEvidence, 'cosine' | 'wordSwapPeak'>): number {
  return (Math.max(0, evidence.cosine - NEAR_COPY_COSINE) / (1 - NEAR_COPY_COSINE)) * evidence.wordSwapPeak;
}

/** Heaviest first: the shared words, then the single characters that none of them contains. */
function shownTerms(shared: string[], weights: FeatureWeights): string[] {
  const heaviestFirst = [...shared].sort((a, b) => weights.weight(b) - weights.weight(a) || (a < b ? -1 : 1));
  const words = heaviestFirst.filter(isWord);
  const characters = heaviestFirst.filter((feature) => !isWord(feature)).map(displayTerm).filter((character) => !words.some((word) => word.includes(character)));
  return [...new Set([...words, ...characters])].slice(0, SHOWN_TERMS);
}
