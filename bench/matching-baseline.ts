/**
 * The baseline the engine is measured against: TF-IDF cosine (natural) over words (Intl's word
 * segmentation, which segments Chinese too) plus Han character bigrams, exhaustive, one
 * threshold for joining and answering.
 */
import { TfIdf } from 'natural/lib/natural/tfidf';
import { normalizeText } from '../server/src/features/matching/normalize';

export type SparseVector = Map<string, number>;

const HAN_RUN = /\p{Script=Han}+/gu;

const wordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * The terms of a text, handed to natural as a token list: its own tokenizer splits on what is
 * not an ASCII word character, which would drop every Chinese term.
 */
function baselineTerms(text: string): string[] {
  const normalized = normalizeText(text);
  const words = [...wordSegmenter.segment(normalized)].filter((part) => part.isWordLike).map((part) => part.segment);
  const bigrams: string[] = [];
  for (const run of normalized.match(HAN_RUN) ?? []) for (let i = 0; i + 1 < run.length; i += 1) bigrams.push(`${run.slice(i, i + 2)}_2`);
  return [...words, ...bigrams];
}

export function tfidfVectors(texts: readonly string[]): SparseVector[] {
  const tfidf = new TfIdf();
  texts.forEach((text) => tfidf.addDocument(baselineTerms(text)));
  return texts.map((_, i) => {
    const vector: SparseVector = new Map();
    for (const term of tfidf.listTerms(i)) vector.set(term.term, term.tfidf);
    return vector;
  });
}

const norm = (v: SparseVector) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));

export function cosine(a: SparseVector, b: SparseVector): number {
  let dot = 0;
  for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
  const denominator = norm(a) * norm(b);
  return denominator ? dot / denominator : 0;
}

/** The best of `candidates` for `query`, by cosine. */
export function bestByCosine(query: SparseVector, candidates: readonly SparseVector[]): { index: number; score: number } {
  let best = { index: -1, score: 0 };
  candidates.forEach((candidate, index) => {
    const score = cosine(query, candidate);
    if (score > best.score) best = { index, score };
  });
  return best;
}
