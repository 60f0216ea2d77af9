import { PairDecisionModel, type PairDecisionKind } from './pairDecisionModel';

/** One labelled pair as `npm run matching:decisions` writes it (one JSON object a line). */
export interface LabelledPair {
  /** The report's text (for a suggestion or a merge: the case's claim as reviewed, else its first report's text). */
  textA: string;
  /** The case's core when the decision was made: its claim as reviewed, else its first report's text. */
  textB: string;
  /** Merges say the same claim; "not the same claim" and moves out say not. */
  same: boolean;
  kind: PairDecisionKind;
  decidedAt: string;
}

/** Every reviewer decision as a labelled pair, oldest first. */
export async function labelledPairs(): Promise<LabelledPair[]> {
  const decisions = await PairDecisionModel.find({}, { textA: 1, textB: 1, same: 1, kind: 1, decidedAt: 1 }).lean();
  return decisions
    .sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime() || String(a._id).localeCompare(String(b._id)))
    .map((decision) => ({ textA: decision.textA, textB: decision.textB, same: decision.same, kind: decision.kind, decidedAt: decision.decidedAt.toISOString() }));
}

export const toJsonLines = (pairs: readonly LabelledPair[]): string => pairs.map((pair) => `${JSON.stringify(pair)}\n`).join('');
