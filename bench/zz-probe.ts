import { assessCandidates, caseProbability, joinEvidence, joinsOpenCase } from '../server/src/features/matching/assess';
import { ANSWER_CALIBRATION as C } from '../server/src/features/matching/answerCalibration';
import { MemoryIndex } from '../server/src/features/matching/memoryIndex';
import { exactMatchKey, normalizeText } from '../server/src/features/matching/normalize';
import { DEFAULT_MATCH_SETTINGS as settings } from '../server/src/features/matching/settings';
import { matchTokens } from '../server/src/features/matching/tokens';
import { backgroundWeights } from '../server/src/features/matching/weights';
import { loadLabelledData } from './matching-data';
const weights = backgroundWeights(settings.segmentation);
const f = (t: string) => matchTokens(normalizeText(t), settings.segmentation);
const data = loadLabelledData();
const texts = [...data.groups.flatMap((g) => g.reports.map((r) => ({ text: r.text, claim: g.id }))), ...data.hardNegatives.map((n, i) => ({ text: n.text, claim: `neg:${n.kind}:${n.group}:${i}` }))];
let s = 7; for (let i = texts.length - 1; i > 0; i--) { s = (s * 1103515245 + 12345) % 2147483648; const j = s % (i + 1); [texts[i], texts[j]] = [texts[j]!, texts[i]!]; }
const index = new MemoryIndex(settings.lsh, settings.maxCandidates, weights);
const caseClaim = new Map<string, string>(); const textOf = new Map<string, string>();
let bad = 0, good = 0;
texts.forEach((t, i) => {
  const feats = f(t.text);
  const c = assessCandidates(index, feats).find((x) => joinsOpenCase(joinEvidence(x), C.joinSimilarity, C.joinCoreGap, caseProbability(x, C.answerModel), (C as any).joinProbability ?? 0));
  const caseId = c?.caseId ?? `case-${i}`;
  if (c) {
    const ok = caseClaim.get(caseId) === t.claim;
    if (ok) good++; else { bad++; if (bad <= 40) console.log(`BAD sim ${c.evidence.similarity.toFixed(2)} cos ${c.evidence.cosine.toFixed(2)} qc ${c.evidence.queryCoverage.toFixed(2)} cc ${c.evidence.candidateCoverage.toFixed(2)} core ${(c.coreEvidence?.similarity ?? -1).toFixed(2)} [${t.claim}] ${t.text.slice(0, 50)}  ||  [${caseClaim.get(caseId)}] ${textOf.get(c.claimId)?.slice(0, 50)}  shared ${c.evidence.sharedTerms.join(',')}`); }
  } else caseClaim.set(caseId, t.claim);
  textOf.set(String(i), t.text);
  index.addReport({ claimId: String(i), caseId, features: feats, core: !c, reachScore: 0, emergency: false, receivedAt: i });
});
console.log({ bad, good });
