/**
 * npm run eval:matching — quality of the two matching decisions on the team's labelled data
 * (fixtures/matching), measured on its held-out groups, next to the engine's former rule (one
 * similarity threshold for both decisions) and a TF-IDF baseline:
 *
 * - joining: reports (and same-subject hard negatives, each a claim of its own) arrive one by
 *   one and join a case or open one, as intake does; pairwise precision, recall and F1.
 *   "with true news" mixes in every hard negative (true posts, denials, near misses); "true posts
 *   only" mixes in the true posts on a subject alone, as the outside measurement on real posts does;
 * - answering: each group's first two reports are a published case; every other text asks for
 *   its verdict. The answer's precision with its 95% Clopper–Pearson bound, known-rumor
 *   recall@1 and the false-answer rate on unrelated, same-subject, denying and near-miss texts;
 *   among all published cases, and with the text's own group published alone (a subject with
 *   one case, where no neighbour competes: how most subjects start).
 *
 * `-- --fit` fits the answer model the join rule reads, the join rule and the candidates' rank
 * model (`ranking.ts`) on the fit part and writes
 * server/src/features/matching/answerCalibration.ts; with `--keep-join-rule` the join rule in
 * force is kept and only the models are fitted. The published answer has a model and bar of its
 * own, the known-rumor lookup's: `-- --fit-lookup` fits only those (`lookupRanking.ts`, written
 * to lookupCalibration.ts), which `--fit` fits as well; `-- --fit-bar` keeps the lookup's models
 * in force and chooses only the weight of a swap in a near copy and the answer bar on the fit part;
 * `-- --fit-join` keeps every model in force and chooses only the join rule. `-- --cross-validate`
 * also measures the published answer on every group (`crossValidatedAnswers`; about ten minutes
 * more): the held-out third alone has too few answers to bound the error at one in a hundred.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ANSWER_CALIBRATION } from '../server/src/features/matching/answerCalibration';
import { ANSWER_FEATURE_SIGNS, answerFeatures } from '../server/src/features/matching/answerModel';
import { assessCandidates, caseProbability, joinEvidence, joinsOpenCase, type AssessedCandidate } from '../server/src/features/matching/assess';
import { fitLogistic, type LabelledExample, type LogisticModel } from '../server/src/features/matching/logistic';
import { MemoryIndex } from '../server/src/features/matching/memoryIndex';
import { contradicts } from '../server/src/features/matching/pairEvidence';
import { exactMatchKey, normalizeText } from '../server/src/features/matching/normalize';
import { inRankOrder, RANK_FEATURE_SIGNS, rankFeatures, rankScore, type RankModel } from '../server/src/features/matching/ranking';
import { DEFAULT_MATCH_SETTINGS } from '../server/src/features/matching/settings';
import { matchTokens } from '../server/src/features/matching/tokens';
import { backgroundWeights } from '../server/src/features/matching/weights';
import { REPO_ROOT } from '../server/src/paths';
import { translatedFeatures } from '../server/src/features/matching/crossLingual';
import { COPY_SUBSTITUTION_INPUT, withCaseHolds } from '../server/src/features/matching/lookupRanking';
import { LOOKUP_CALIBRATION } from '../server/src/features/matching/lookupCalibration';
import { clopperPearsonOneSidedUpper, clopperPearsonUpper, trialsToShow } from './confidence';
import { answerAtBar, answerLookup, fitCrossLingualLead, fitLookupAnswerModel, fitLookupRankModel, lowestPreciseBar, scoreLookup, writeLookupCalibration, type Held, type LabelledLookup, type LookupCalibration } from './matching-lookup';
import { FOLDS, loadLabelledData, type LabelledSet, type Placed, type Split } from './matching-data';
import { bestByCosine, tfidfVectors } from './matching-baseline';

const settings = DEFAULT_MATCH_SETTINGS;
const weights = backgroundWeights(settings.segmentation);
// The raw text too: the register marker reads what normalisation drops (`register.ts`).
const featuresOf = (text: string) => matchTokens(normalizeText(text), settings.segmentation, text);
const data = loadLabelledData();
const fmt = (x: number) => x.toFixed(3);
const newIndex = () => new MemoryIndex(settings.lsh, settings.maxCandidates, weights);

type QueryKind = 'rewording' | 'same_subject' | 'negation' | 'near_miss' | 'unrelated';
/** A part of the labelled data: a split or some folds, and within it one set or both. */
interface Part {
  split?: Split;
  folds?: readonly number[];
  set?: LabelledSet;
}
/** What the models in force are fitted on. */
const FIT: Part = { split: 'fit' };
const inPart = (item: Placed & { set?: LabelledSet }, part: Part) =>
  (!part.split || item.split === part.split) && (!part.folds || part.folds.includes(item.fold)) && (!part.set || item.set === part.set);

interface Query {
  text: string;
  features: string[];
  /** The claim (`claimOf`) whose verdict is the right answer; null when no verdict is. */
  group: string | null;
  kind: QueryKind;
  /** The group whose case the text is asked against when that case is published alone; none for unrelated texts. */
  home: string | null;
  split: Split;
  fold: number;
  /** Unrelated texts belong to no set. */
  set?: LabelledSet;
}

// ---- Answering: each group's first two reports are the published case (a case is published
// after reports came in), the other reports ask. ----
const PUBLISHED_REPORTS = 2;
const published = newIndex();
/** As intake registers them: a text identical after normalisation is answered by its key. */
const publishedKeys = new Map<string, string>();
for (const group of data.groups) {
  group.reports.slice(0, PUBLISHED_REPORTS).forEach((report, i) => {
    const opener = i === 0;
    published.addReport({ claimId: `${group.id}#${i}`, caseId: group.id, features: featuresOf(report.text), core: opener, reachScore: 0, emergency: false, receivedAt: i });
    publishedKeys.set(exactMatchKey(normalizeText(report.text), report.text), group.id);
  });
}
const queries: Query[] = [
  ...data.groups.flatMap((g) =>
    g.reports.slice(PUBLISHED_REPORTS).map((r) => ({ text: r.text, group: data.claimOf(g.id), kind: 'rewording' as const, home: g.id, split: g.split, fold: g.fold, set: g.set })),
  ),
  ...data.hardNegatives.map((n) =>
    n.sameClaimAs
      ? { text: n.text, group: data.claimOf(n.sameClaimAs), kind: 'rewording' as const, home: n.sameClaimAs, split: n.split, fold: n.fold, set: n.set }
      : { text: n.text, group: null, kind: n.kind, home: n.group, split: n.split, fold: n.fold, set: n.set },
  ),
  ...data.unrelated.map((u) => ({ text: u.text, group: null, kind: 'unrelated' as const, home: null, split: u.split, fold: u.fold })),
].map((q) => ({ ...q, features: featuresOf(q.text) }));

/** Each query's candidates among the published cases, in the rank order in force (re-ranked when a rank model is fitted). */
let lookups: AssessedCandidate[][] = queries.map((q) => assessCandidates(published, q.features));

/**
 * The published cases once their reviewers stated the claim (the groups with a `statement`):
 * the statement is part of each case's core. Queried by the same texts, and by a near-exact
 * rewording of each statement (framed as a question or an appeal), which must be answered.
 */
const stated = newIndex();
for (const group of data.groups) {
  group.reports.slice(0, PUBLISHED_REPORTS).forEach((report, i) =>
    stated.addReport({ claimId: `${group.id}#${i}`, caseId: group.id, features: featuresOf(report.text), core: i === 0, reachScore: 0, emergency: false, receivedAt: i }),
  );
  if (group.statement) stated.setStatement(group.id, featuresOf(group.statement), 1);
}
let statedLookups: AssessedCandidate[][] = queries.map((q) => assessCandidates(stated, q.features));
const statementRewordings = data.groups.flatMap((group) => {
  if (!group.statement) return [];
  const text = /\p{Script=Han}/u.test(group.statement) ? `听说${group.statement}，是真的吗？` : `Is it true that ${group.statement.toLowerCase()}?`;
  const features = featuresOf(text);
  return [{ group: data.claimOf(group.id), split: group.split, features, candidates: assessCandidates(stated, features) }];
});

/** Each group's published case alone in an index of its own. */
const alone = new Map<string, MemoryIndex>();
for (const group of data.groups) {
  const index = newIndex();
  group.reports.slice(0, PUBLISHED_REPORTS).forEach((report, i) =>
    index.addReport({ claimId: `${group.id}#${i}`, caseId: group.id, features: featuresOf(report.text), core: i === 0, reachScore: 0, emergency: false, receivedAt: i }),
  );
  alone.set(group.id, index);
}
/** Each query's candidate when its home group's case is the only one published. */
const aloneLookups: AssessedCandidate[][] = queries.map((q) => (q.home ? assessCandidates(alone.get(q.home)!, q.features) : []));

// ---- The known-rumor lookup (`lookupRanking.ts`): the same candidates, each with what its case's
// vocabulary holds of the text, ordered and answered by the lookup's own models, and the
// candidates of the text read in the other language (`crossLingual.ts`). ----
interface LookupSetting {
  held: Held[][];
  translated: Held[][];
  /** Only the query's own group is published: an identical text of another group is no answer. */
  alone?: boolean;
}
const translationOf = (features: string[]) => translatedFeatures(features, settings.segmentation);
const translations = queries.map((q) => translationOf(q.features));
const lookupSetting = (indexOf: (q: Query) => MemoryIndex | undefined, assessed: AssessedCandidate[][], alone = false): LookupSetting => ({
  held: queries.map((q, i) => (indexOf(q) ? withCaseHolds(indexOf(q)!, q.features, assessed[i]!) : [])),
  translated: queries.map((q, i) => {
    const index = indexOf(q);
    return index && translations[i]!.length > 0 ? withCaseHolds(index, translations[i]!, assessCandidates(index, translations[i]!)) : [];
  }),
  alone,
});
const publishedSetting = lookupSetting(() => published, lookups);
const statedSetting = lookupSetting(() => stated, statedLookups);
const aloneSetting = lookupSetting((q) => (q.home ? alone.get(q.home) : undefined), aloneLookups, true);
const heldRewordings = statementRewordings.map((r) => {
  const translated = translationOf(r.features);
  return { ...r, held: withCaseHolds(stated, r.features, r.candidates), translated: translated.length > 0 ? withCaseHolds(stated, translated, assessCandidates(stated, translated)) : [] };
});

/** Each query's scored candidates under a calibration: an identical text's case by its key, else the candidates in rank order. */
function scoredLookups(calibration: LookupCalibration, setting: LookupSetting): Scored[][] {
  return setting.held.map((candidates, i) => {
    const exact = publishedKeys.get(exactMatchKey(normalizeText(queries[i]!.text), queries[i]!.text));
    if (exact && (!setting.alone || exact === queries[i]!.home)) return [{ caseId: exact, probability: 1 }];
    return scoreLookup(candidates, calibration, setting.translated[i]);
  });
}

/** Each query's lookup under a calibration: an identical text by its key, else the first candidate in rank order at the bar. */
function lookupAnswers(calibration: LookupCalibration, setting: LookupSetting, bar = calibration.answerProbability): Scored[][] {
  return scoredLookups(calibration, setting).map((scored) => answerAtBar(scored, bar));
}

/** The lookup's models fitted on a part's lookups (the fit part's) in the three settings. */
function fitLookup(training = FIT): LookupCalibration {
  const labelled = (setting: LookupSetting): LabelledLookup[] =>
    queries.flatMap((q, i) =>
      inPart(q, training) ? [{ candidates: setting.held[i]!, translated: setting.translated[i]!, isRight: (caseId: string) => data.claimOf(caseId) === q.group }] : [],
    );
  const rankModel = fitLookupRankModel([...labelled(publishedSetting), ...labelled(statedSetting)].filter(({ candidates }) => candidates.length > 1));
  const answerModel = fitLookupAnswerModel([...labelled(publishedSetting), ...labelled(aloneSetting), ...labelled(statedSetting)]);
  const models = { rankModel, answerModel, answerProbability: 1 };
  const rewordingLookups = (setting: LookupSetting) => labelled(setting).filter((_, k) => queries.filter((q) => inPart(q, training))[k]!.kind === 'rewording');
  const crossLingualLead = fitCrossLingualLead([...rewordingLookups(publishedSetting), ...rewordingLookups(statedSetting)], models);
  return withPreciseBar({ ...models, crossLingualLead }, training);
}

const answerSettings = () => [publishedSetting, aloneSetting, statedSetting];

/** Each setting's lookups scored under given models. */
const scoredSettings = (models: LookupCalibration) => answerSettings().map((setting) => scoredLookups(models, setting));

/** Each setting's answers at a bar, from its scored lookups. */
const settingAnswers = (scored: Scored[][][], training: Part, bar: number) =>
  scored.map((lookups) => answerMeasures(training, lookups.map((candidates) => answerAtBar(candidates, bar)), bar));

/** The lowest bar at which a part's answers are at least 99% right in all three settings, from the settings' scored lookups. */
const preciseBar = (scored: Scored[][][], training: Part) => lowestPreciseBar((bar) => Math.min(...settingAnswers(scored, training, bar).map((m) => m.precision)));

/** Given models with the lowest bar at which a part's (the fit part's) answers are at least 99% right in all three settings. */
function withPreciseBar(models: LookupCalibration, training = FIT): LookupCalibration {
  return { ...models, answerProbability: preciseBar(scoredSettings(models), training) };
}

const COPY_WEIGHTS = [0, 1, 2, 3, 4, 5, 6, 8];

/**
 * The answer model in force with the weight of the swap in a near copy (`copySubstitution`, its
 * last input) chosen on the fit part: the one under which the fit part's lookups, at their precise
 * bar, give the most answers in the three settings together (the smallest of equals).
 */
function withCopyWeight(models: LookupCalibration, training = FIT): LookupCalibration {
  const tried = COPY_WEIGHTS.map((weight) => {
    const weighted = { ...models, answerModel: { coefficients: models.answerModel.coefficients.map((c, k) => (k === COPY_SUBSTITUTION_INPUT ? -weight : c)) } };
    // Scored once: the bar and the answers at it come from the same scores.
    const scored = scoredSettings(weighted);
    const calibration = { ...weighted, answerProbability: preciseBar(scored, training) };
    const answers = settingAnswers(scored, training, calibration.answerProbability).reduce((sum, m) => sum + m.answers, 0);
    // Printed for the models in force only: the cross-validation fits them once per fold.
    if (training === FIT) console.log(`  near-copy swap weighed ${weight}: bar ${calibration.answerProbability}, ${answers} answers on the fit part`);
    return { calibration, answers };
  });
  return tried.reduce((best, next) => (next.answers > best.answers ? next : best)).calibration;
}

interface Scored {
  caseId: string;
  probability: number;
}

interface AnswerMeasures {
  answers: number;
  wrong: number;
  precision: number;
  errorUpper: number;
  /** The exact one-sided 95% upper bound of the wrong answers' share. */
  errorUpperOneSided: number;
  recallAt1: number;
  rankedAt1: number;
  falseAnswerRate: Record<Exclude<QueryKind, 'rewording'>, number>;
}

/** The answer to each query at a bar: its best candidate when at or above it. */
function answerMeasures(part: Part, assessed: Scored[][], bar: number): AnswerMeasures {
  let answers = 0;
  let wrong = 0;
  let correct = 0;
  let ranked = 0;
  let positives = 0;
  const falseAnswers = { same_subject: [0, 0], negation: [0, 0], near_miss: [0, 0], unrelated: [0, 0] };
  queries.forEach((q, i) => {
    if (!inPart(q, part)) return;
    const top = assessed[i]![0];
    const answered = top !== undefined && top.probability >= bar;
    const right = top !== undefined && data.claimOf(top.caseId) === q.group;
    if (q.kind === 'rewording') {
      positives += 1;
      if (right) ranked += 1;
      if (answered && right) correct += 1;
    } else {
      falseAnswers[q.kind][1]! += 1;
      if (answered) falseAnswers[q.kind][0]! += 1;
    }
    if (answered) {
      answers += 1;
      if (!right) wrong += 1;
    }
  });
  const rate = ([n, d]: number[]) => (d ? n! / d : 0);
  return {
    answers,
    wrong,
    precision: answers ? (answers - wrong) / answers : 1,
    errorUpper: clopperPearsonUpper(wrong, answers),
    errorUpperOneSided: clopperPearsonOneSidedUpper(wrong, answers),
    recallAt1: positives ? correct / positives : 0,
    rankedAt1: positives ? ranked / positives : 0,
    falseAnswerRate: {
      same_subject: rate(falseAnswers.same_subject),
      negation: rate(falseAnswers.negation),
      near_miss: rate(falseAnswers.near_miss),
      unrelated: rate(falseAnswers.unrelated),
    },
  };
}

/**
 * The published answer measured on every group, not on the held-out third alone: each fold in
 * turn is answered under the lookup's models fitted on the other folds as `--fit-lookup` and
 * `--fit-bar` fit them (models, translation lead, the near copy's weight, the bar). What it bounds
 * is the fitting procedure's error on groups it never saw, with three times the answers.
 */
function crossValidatedAnswers(): Scored[][] {
  const folds = Array.from({ length: FOLDS }, (_, fold) => fold);
  const answered: Scored[][] = queries.map(() => []);
  for (const fold of folds) {
    const training: Part = { folds: folds.filter((other) => other !== fold) };
    const calibration = withCopyWeight(fitLookup(training), training);
    // Each fold has a bar of its own: an answer is read as probability 1, the rest as 0.
    lookupAnswers(calibration, publishedSetting).forEach((scored, i) => {
      if (queries[i]!.fold === fold) answered[i] = scored.map((c) => ({ caseId: c.caseId, probability: Number(c.probability >= calibration.answerProbability) }));
    });
  }
  return answered;
}

// ---- Joining: reports and same-subject texts arrive in a fixed shuffled order. ----
interface Arrival {
  text: string;
  features: string[];
  key: string;
  /** Gold claim: a group id, or a text of its own. */
  claim: string;
  hardNegative: boolean;
}

function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Which hard negatives arrive among the reports: none, all of them (true posts on a subject,
 * denials and near misses), or only the true posts on a subject (`same_subject`), the shape of the
 * outside measurement: rumor posts mixed with true news of the same months, no denials and no
 * designed near misses.
 */
type Mix = boolean | 'same_subject';

function arrivals(part: Part, mix: Mix): Arrival[] {
  const texts = [
    ...data.groups.filter((g) => inPart(g, part)).flatMap((g) => g.reports.map((r) => ({ text: r.text, claim: data.claimOf(g.id), hardNegative: false }))),
    ...(mix
      ? data.hardNegatives
          .filter((n) => inPart(n, part))
          .map((n, i) => ({ n, i }))
          // A hard negative that states another group's claim (`sameClaimAs`) is a rumor report, never a true post.
          .filter(({ n }) => mix === true || (n.kind === mix && !n.sameClaimAs))
          .map(({ n, i }) => (n.sameClaimAs ? { text: n.text, claim: data.claimOf(n.sameClaimAs), hardNegative: false } : { text: n.text, claim: `negative-${i}`, hardNegative: true }))
      : []),
  ];
  return shuffled(texts).map((t) => ({ ...t, features: featuresOf(t.text), key: exactMatchKey(normalizeText(t.text), t.text) }));
}

/** Greedy online grouping as intake does it: exact key, else the best case at the join bar. */
function group(reports: Arrival[], decide: (index: MemoryIndex, features: string[]) => { caseId: string; similarity: number } | null): string[] {
  const index = newIndex();
  const caseOfKey = new Map<string, string>();
  return reports.map((report, i) => {
    let caseId = caseOfKey.get(report.key);
    let similarity = 1;
    let opened = false;
    if (caseId === undefined) {
      const joined = decide(index, report.features);
      caseId = joined?.caseId ?? `case-${i}`;
      similarity = joined?.similarity ?? 0;
      opened = !joined;
    }
    caseOfKey.set(report.key, caseId);
    if (similarity < 0.9) index.addReport({ claimId: String(i), caseId, features: report.features, core: opened, reachScore: 0, emergency: false, receivedAt: i });
    return caseId;
  });
}

function pairwise(reports: Arrival[], predicted: string[]) {
  let truePositive = 0;
  let predictedPairs = 0;
  let goldPairs = 0;
  for (let i = 0; i < reports.length; i += 1) {
    for (let j = i + 1; j < reports.length; j += 1) {
      const same = predicted[i] === predicted[j];
      const gold = reports[i]!.claim === reports[j]!.claim;
      predictedPairs += Number(same);
      goldPairs += Number(gold);
      truePositive += Number(same && gold);
    }
  }
  const precision = predictedPairs ? truePositive / predictedPairs : 1;
  const recall = goldPairs ? truePositive / goldPairs : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

interface JoinRule {
  similarity: number;
  coreGap: number;
  /** The answer model's probability (the model in force, or the one just fitted) a join needs. */
  probability: number;
  model: LogisticModel;
  /** The order in which the candidates are tried (the rank model in force, or the one just fitted). */
  rankModel: RankModel;
}

const engineJoin = (rule: JoinRule) => (index: MemoryIndex, features: string[]) => {
  const joined = assessCandidates(index, features, undefined, undefined, rule.rankModel).find((candidate) =>
    joinsOpenCase(joinEvidence(candidate), rule.similarity, rule.coreGap, caseProbability(candidate, rule.model), rule.probability),
  );
  return joined ? { caseId: joined.caseId, similarity: joined.evidence.similarity } : null;
};

function joinMeasures(part: Part, mix: Mix, rule: JoinRule) {
  const reports = arrivals(part, mix);
  return pairwise(reports, group(reports, engineJoin(rule)));
}

// ---- The engine before the answer model: one similarity threshold for both decisions. ----
const SIMILARITY_ONLY_THRESHOLD = 0.35;

function similarityOnlyAnswers(part: Part): AnswerMeasures {
  const scored = lookups.map((candidates) => candidates.map((c) => ({ caseId: c.caseId, probability: c.evidence.similarity })));
  return answerMeasures(part, scored, SIMILARITY_ONLY_THRESHOLD);
}

function similarityOnlyJoin(part: Part, mix: Mix) {
  const reports = arrivals(part, mix);
  return pairwise(
    reports,
    group(reports, (index, features) => {
      const best = index.nearest(features)[0];
      return best && best.similarity >= SIMILARITY_ONLY_THRESHOLD ? best : null;
    }),
  );
}

// ---- The baseline: TF-IDF cosine, exhaustive, one threshold for both decisions. ----
const BASELINE_THRESHOLD = 0.15;

function baselineJoin(part: Part, mix: Mix) {
  const reports = arrivals(part, mix);
  const vectors = tfidfVectors(reports.map((r) => r.text));
  const clusters: string[] = [];
  reports.forEach((_, i) => {
    const best = bestByCosine(vectors[i]!, vectors.slice(0, i));
    clusters.push(best.index >= 0 && best.score >= BASELINE_THRESHOLD ? clusters[best.index]! : `case-${i}`);
  });
  return pairwise(reports, clusters);
}

function baselineAnswers(part: Part): AnswerMeasures {
  const publishedReports = data.groups.flatMap((g) => g.reports.slice(0, PUBLISHED_REPORTS).map((r) => ({ text: r.text, group: g.id })));
  const vectors = tfidfVectors([...publishedReports.map((r) => r.text), ...queries.map((q) => q.text)]);
  const publishedVectors = vectors.slice(0, publishedReports.length);
  const assessed = queries.map((_, i) => {
    const best = bestByCosine(vectors[publishedReports.length + i]!, publishedVectors);
    return best.index < 0 ? [] : [{ caseId: publishedReports[best.index]!.group, probability: best.score }];
  });
  return answerMeasures(part, assessed, BASELINE_THRESHOLD);
}

// ---- Fitting: each decision's model on the fit part's candidate pairs, then its bar. ----
const FIT_OPTIONS = { iterations: 20000, rate: 2, l2: 1e-4, signs: ANSWER_FEATURE_SIGNS };

/**
 * Training pairs: a text's two most similar candidates (ranked by similarity, not by the model in
 * force, so a refit never depends on the last fit), labelled same claim or not. Denials are left
 * out: the model never sees them (`answerModel.ts`).
 */
function trainingPairs(candidates: AssessedCandidate[], claim: string | null) {
  return [...candidates]
    .sort((a, b) => b.evidence.similarity - a.evidence.similarity)
    .filter((c) => !contradicts(c.evidence))
    .slice(0, 2)
    .map((c) => ({ features: answerFeatures(c.evidence, c), positive: data.claimOf(c.caseId) === claim }));
}

/**
 * The rank model: pairwise, on the fit part's rewordings whose right case is among the assessed
 * candidates with wrong ones beside it: the difference of the right and a wrong candidate's rank
 * features is a positive example, its opposite a negative one.
 */
function fitRankModel(): RankModel {
  const examples: LabelledExample[] = [];
  queries.forEach((q, i) => {
    if (q.split !== 'fit' || q.kind !== 'rewording') return;
    for (const candidates of [lookups[i]!, statedLookups[i]!]) {
      const features = candidates.map((c) => ({ right: data.claimOf(c.caseId) === q.group, features: rankFeatures(c.evidence, c) }));
      for (const right of features.filter((c) => c.right)) {
        for (const wrong of features.filter((c) => !c.right)) {
          const difference = right.features.map((value, k) => value - wrong.features[k]!);
          examples.push({ features: difference, positive: true }, { features: difference.map((value) => -value), positive: false });
        }
      }
    }
  });
  const model = fitLogistic(examples, { ...FIT_OPTIONS, signs: RANK_FEATURE_SIGNS });
  return { coefficients: model.coefficients.slice(0, -1) };
}

/** The candidates of each lookup in the order of a rank model. */
function reranked(among: AssessedCandidate[][], model: RankModel): AssessedCandidate[][] {
  return among.map((candidates) => inRankOrder(candidates.map((c) => ({ ...c, rankScore: rankScore(model, rankFeatures(c.evidence, c)) }))));
}

const keptJoinRule = () => ({ similarity: ANSWER_CALIBRATION.joinSimilarity, coreGap: ANSWER_CALIBRATION.joinCoreGap, probability: ANSWER_CALIBRATION.joinProbability });

/** The join probabilities the join rule is chosen among, and swept over held out. */
const JOIN_PROBABILITIES = [0, 0.1, 0.2, 0.35, 0.5];

/**
 * The join rule: the best F0.5 on the fit part with the hard negatives mixed in. F0.5 counts
 * precision first; a wrong join is still seen by a reviewer, a wrong answer is not.
 */
function bestJoinRule(model: LogisticModel, rankModel: RankModel): JoinRule {
  const rules = [0.25, 0.3, 0.35, 0.4, 0.45].flatMap((similarity) =>
    [-0.1, 0, 0.1, 1].flatMap((coreGap) => JOIN_PROBABILITIES.map((probability) => ({ similarity, coreGap, probability, model, rankModel }))),
  );
  const fHalf = (j: { precision: number; recall: number }) => (1.25 * j.precision * j.recall) / (0.25 * j.precision + j.recall || 1);
  return rules.map((r) => ({ rule: r, score: fHalf(joinMeasures({ split: 'fit' }, true, r)) })).reduce((a, b) => (b.score > a.score ? b : a)).rule;
}

function fit() {
  const rankModel = fitRankModel();
  // From here on the lookups are in the fitted rank order, as the join rule reads them.
  lookups = reranked(lookups, rankModel);
  statedLookups = reranked(statedLookups, rankModel);
  for (const rewording of statementRewordings) rewording.candidates = reranked([rewording.candidates], rankModel)[0]!;
  // Pairs of three settings: among all published cases; a case alone, where the lead over the
  // runner-up is a lead over nothing and must not carry an answer by itself; and among published
  // cases whose claim is stated (the statement part of their core).
  const answerModel = fitLogistic(
    queries.flatMap((q, i) =>
      q.split === 'fit' ? [...trainingPairs(lookups[i]!, q.group), ...trainingPairs(aloneLookups[i]!, q.group), ...trainingPairs(statedLookups[i]!, q.group)] : [],
    ),
    FIT_OPTIONS,
  );
  const rule = process.argv.includes('--keep-join-rule') ? { ...keptJoinRule(), rankModel } : bestJoinRule(answerModel, rankModel);
  const rounded = (model: { coefficients: readonly number[] }) => ({ coefficients: model.coefficients.map((c) => Math.round(c * 1e4) / 1e4) });
  return {
    answerModel: rounded(answerModel),
    joinSimilarity: rule.similarity,
    joinCoreGap: rule.coreGap,
    joinProbability: rule.probability,
    rankModel: rounded(rankModel),
  };
}

function writeCalibration(calibration: ReturnType<typeof fit>): void {
  const file = path.join(REPO_ROOT, 'server/src/features/matching/answerCalibration.ts');
  const body = `/** Written by \`npm run eval:matching -- --fit\` (the join rule alone: \`-- --fit-join\`): the join rule and the model it reads; see answerModel.ts and assess.ts (\`joinsOpenCase\`). */
export const ANSWER_CALIBRATION = {
  answerModel: { coefficients: [${calibration.answerModel.coefficients.join(', ')}] },
  joinSimilarity: ${calibration.joinSimilarity},
  joinCoreGap: ${calibration.joinCoreGap},
  joinProbability: ${calibration.joinProbability},
  rankModel: { coefficients: [${calibration.rankModel.coefficients.join(', ')}] },
};
`;
  fs.writeFileSync(file, body);
}

// ---- Report. ----
/** `--fit-join`: the join rule alone is chosen again, on the models in force. */
function fitJoin() {
  const rule = bestJoinRule(ANSWER_CALIBRATION.answerModel, ANSWER_CALIBRATION.rankModel);
  return { ...ANSWER_CALIBRATION, joinSimilarity: rule.similarity, joinCoreGap: rule.coreGap, joinProbability: rule.probability };
}

const fitsAll = process.argv.includes('--fit');
const calibration = fitsAll ? fit() : process.argv.includes('--fit-join') ? fitJoin() : ANSWER_CALIBRATION;
if (calibration !== ANSWER_CALIBRATION) {
  writeCalibration(calibration);
  console.log(`Fitted on the fit part and written: ${JSON.stringify(calibration)}\n`);
}
const fitsLookup = fitsAll || process.argv.includes('--fit-lookup');
const fitsBar = !fitsLookup && process.argv.includes('--fit-bar');
const lookupCalibration: LookupCalibration = fitsLookup ? fitLookup() : fitsBar ? withCopyWeight(LOOKUP_CALIBRATION) : LOOKUP_CALIBRATION;
if (fitsLookup || fitsBar) {
  writeLookupCalibration(lookupCalibration);
  console.log(`Lookup fitted on the fit part and written: ${JSON.stringify(lookupCalibration)}\n`);
}
const answerBar = lookupCalibration.answerProbability;
const counts = (split: Split) =>
  `${data.groups.filter((g) => g.split === split).length} groups, ${queries.filter((q) => q.split === split && q.kind === 'rewording').length} rewordings, ` +
  `${queries.filter((q) => q.split === split && (q.kind === 'same_subject' || q.kind === 'negation' || q.kind === 'near_miss')).length} hard negatives, ${queries.filter((q) => q.split === split && q.kind === 'unrelated').length} unrelated`;
console.log(`Labelled data — fit: ${counts('fit')}; held out: ${counts('heldOut')}`);
const joinRule = {
  similarity: calibration.joinSimilarity,
  coreGap: calibration.joinCoreGap,
  probability: calibration.joinProbability,
  model: calibration.answerModel,
  rankModel: calibration.rankModel,
};
console.log(
  `Bars: join at similarity ≥ ${joinRule.similarity} (core ≥ ${(joinRule.similarity - joinRule.coreGap).toFixed(2)}, no denial, probability ≥ ${joinRule.probability}); ` +
    `published answer at probability ≥ ${answerBar} (the lookup's answer model)\n`,
);

const assessed = lookupAnswers(lookupCalibration, publishedSetting);
const assessedAlone = lookupAnswers(lookupCalibration, aloneSetting);
const assessedStated = lookupAnswers(lookupCalibration, statedSetting);
/** Share of the statements' near-exact rewordings answered with their own case's verdict, and how many answers were wrong. */
function statementRewordingMeasures(split: Split) {
  const asked = heldRewordings.filter((r) => r.split === split);
  const answers = asked.map((r) => {
    const best = answerLookup(r.held, lookupCalibration, answerBar, r.translated)[0];
    return best && best.probability >= answerBar ? data.claimOf(best.caseId) === r.group : null;
  });
  return `${answers.filter((a) => a === true).length} of ${asked.length} answered right, ${answers.filter((a) => a === false).length} wrong`;
}
const answerRow = (label: string, m: AnswerMeasures) =>
  `${label.padEnd(22)} answers ${String(m.answers).padStart(4)}  wrong ${String(m.wrong).padStart(3)}  precision ${fmt(m.precision)} (error ≤ ${fmt(m.errorUpperOneSided)} one-sided 95%)  ` +
  `recall@1 ${fmt(m.recallAt1)} (first candidate right ${fmt(m.rankedAt1)})  false answers: unrelated ${fmt(m.falseAnswerRate.unrelated)}, same subject ${fmt(m.falseAnswerRate.same_subject)}, denials ${fmt(m.falseAnswerRate.negation)}, near misses ${fmt(m.falseAnswerRate.near_miss)}`;
/** Whether the answers shown can bound the error at one in 100, and how many it would take. */
const answerBound = (m: AnswerMeasures) =>
  `answered ${m.answers}, wrong ${m.wrong}, answer recall ${fmt(m.recallAt1)}, one-sided 95% upper bound of the error ${fmt(m.errorUpperOneSided)}` +
  (m.errorUpperOneSided <= 0.01
    ? ' (at most 1 in 100 shown)'
    : `: too few answers to show 1 in 100; it takes ${trialsToShow(0.01, 0)} answers with none wrong, ${trialsToShow(0.01, 1)} with one wrong`);
const joinRow = (label: string, j: { precision: number; recall: number; f1: number }) => `${label.padEnd(22)} P ${fmt(j.precision)}  R ${fmt(j.recall)}  F1 ${fmt(j.f1)}`;

const parts: Array<{ title: string; part: Part & { split: Split } }> = [
  { title: 'HELD OUT (never fitted on)', part: { split: 'heldOut' } },
  { title: 'HELD OUT, COVID-era Weibo-style set only', part: { split: 'heldOut', set: 'weibo' } },
  { title: 'FIT PART (for reference)', part: { split: 'fit' } },
];
for (const { title, part } of parts) {
  console.log(title);
  console.log('  Published answers (known-rumor lookup):');
  const engine = answerMeasures(part, assessed, answerBar);
  console.log(answerRow('    engine', engine));
  console.log(answerRow('    engine, case alone', answerMeasures(part, assessedAlone, answerBar)));
  console.log(answerRow('    engine, claims stated', answerMeasures(part, assessedStated, answerBar)));
  console.log(`    ${answerBound(engine)}`);
  if (!part.set) console.log(`    near-exact rewordings of the stated claims ("听说…是真的吗？"): ${statementRewordingMeasures(part.split)}`);
  console.log(answerRow('    similarity ≥ 0.35', similarityOnlyAnswers(part)));
  console.log(answerRow('    TF-IDF baseline', baselineAnswers(part)));
  console.log('  Joining cases (pairwise):');
  console.log(joinRow('    engine, rumors only', joinMeasures(part, false, joinRule)));
  console.log(joinRow('    engine, with true news', joinMeasures(part, true, joinRule)));
  console.log(joinRow('    same, no core check', joinMeasures(part, true, { ...joinRule, coreGap: Infinity })));
  console.log(joinRow('    similarity ≥ 0.35, news', similarityOnlyJoin(part, true)));
  console.log(joinRow('    baseline, rumors only', baselineJoin(part, false)));
  console.log(joinRow('    baseline, with news', baselineJoin(part, true)));
  // The outside measurement's shape: rumor reports and true posts on their subjects only.
  console.log(joinRow('    engine, true posts only', joinMeasures(part, 'same_subject', joinRule)));
  console.log(joinRow('    baseline, true posts only', baselineJoin(part, 'same_subject')));
  console.log('');
}

if (process.argv.includes('--cross-validate')) {
  console.log('Published answers, cross-validated (each fold answered under the lookup fitted on the other two; the first fold is the held-out part):');
  const crossValidated = crossValidatedAnswers();
  for (let fold = 0; fold < FOLDS; fold += 1) console.log(answerRow(`  fold ${fold + 1}`, answerMeasures({ folds: [fold] }, crossValidated, 1)));
  const everyFold = answerMeasures({}, crossValidated, 1);
  console.log(answerRow('  every fold', everyFold));
  console.log(`  ${answerBound(everyFold)}`);
  crossValidated.forEach(([answer], i) => {
    const q = queries[i]!;
    if (answer?.probability === 1 && data.claimOf(answer.caseId) !== q.group) console.log(`  wrong (fold ${q.fold + 1}, ${q.kind} of ${q.home ?? 'no group'}): "${q.text.slice(0, 60)}" answered with ${answer.caseId}`);
  });
  console.log('');
}

const sweep = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
console.log('Held-out sweep of the answer bar:');
for (const bar of sweep) console.log(answerRow(`  ≥ ${bar.toFixed(2)}`, answerMeasures({ split: 'heldOut' }, lookupAnswers(lookupCalibration, publishedSetting, bar), bar)));
console.log('\nHeld-out sweep of the join similarity (hard negatives mixed in, the calibrated core gap):');
for (const similarity of [0.25, 0.3, 0.35, 0.4, 0.45, 0.5]) console.log(joinRow(`  ≥ ${similarity.toFixed(2)}`, joinMeasures({ split: 'heldOut' }, true, { ...joinRule, similarity })));
console.log('\nHeld-out sweep of the join probability (hard negatives mixed in; then true posts alone):');
for (const probability of JOIN_PROBABILITIES) {
  const rule = { ...joinRule, probability };
  console.log(`${joinRow(`  ≥ ${probability.toFixed(2)}`, joinMeasures({ split: 'heldOut' }, true, rule))}   |${joinRow('', joinMeasures({ split: 'heldOut' }, 'same_subject', rule))}`);
}

// Candidate retrieval: the index against scoring every published case.
let agree = 0;
let asked = 0;
queries.forEach((q) => {
  if (q.kind !== 'rewording') return;
  asked += 1;
  const viaIndex = published.nearest(q.features)[0];
  const exhaustive = published.exhaustiveNearest(q.features);
  if (viaIndex?.caseId === exhaustive?.caseId || (viaIndex && exhaustive && viaIndex.similarity === exhaustive.similarity)) agree += 1;
});
console.log(`\nCandidate retrieval: the index's best equals exhaustive scoring's for ${fmt(agree / asked)} of ${asked} rewordings`);
