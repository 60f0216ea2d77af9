/**
 * Reviewers' "not the same claim" decisions as the matcher uses them: for each exact-text key,
 * the cases its text must never join nor be answered by. Every process holds them in memory:
 * read once from `pair_decisions` (`same: false`), then kept in step through the index feed,
 * whose `separation` entries this process hears of within a poll. The listener is registered
 * when this module loads, before the first read, so a decision stored meanwhile is not missed
 * (hearing of one twice changes nothing).
 *
 * A separation follows its case's merges: a case merged into another has said its claim is the
 * other's, so a text ruled out of the merged-away case is ruled out of the kept case too.
 */
import { isDuplicateKeyError } from '../../http/errors';
import { matchIndex, onFeedEntry, publishToIndex } from './liveIndex';
import { PairDecisionModel, type PairDecisionRecord } from './pairDecisionModel';

class Separations {
  private readonly casesOfKey = new Map<string, Set<string>>();
  private loading: Promise<void> | null = null;

  constructor() {
    onFeedEntry((entry) => {
      if (entry.kind === 'separation' && entry.key) this.add(entry.key, entry.caseId);
    });
  }

  add(key: string, caseId: string): void {
    const cases = this.casesOfKey.get(key) ?? new Set<string>();
    cases.add(caseId);
    this.casesOfKey.set(key, cases);
  }

  /** Reads the stored separations once (again after a failed read). */
  ready(): Promise<void> {
    this.loading ??= (async () => {
      const stored = PairDecisionModel.find({ same: false }, { key: 1, caseId: 1 }).lean<Array<Pick<PairDecisionRecord, 'key' | 'caseId'>>>();
      for await (const decision of stored.cursor({ batchSize: 5000 })) this.add(decision.key, String(decision.caseId));
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  separated(key: string, caseId: string): boolean {
    const cases = this.casesOfKey.get(key);
    if (!cases) return false;
    const index = matchIndex();
    for (const separatedCase of cases) if (separatedCase === caseId || index.liveCase(separatedCase) === caseId) return true;
    return false;
  }
}

const separations = new Separations();

/** Reads the stored separations at start, so that the first report does not wait for them. */
export function loadSeparations(): Promise<void> {
  return separations.ready();
}

/** A filter for candidates of the text with this exact-text key: drops the cases it was separated from. */
export async function notSeparatedFrom(key: string): Promise<(candidate: { caseId: { toString(): string } }) => boolean> {
  await separations.ready();
  return (candidate) => !separations.separated(key, candidate.caseId.toString());
}

export type PairDecisionInput = Omit<PairDecisionRecord, '_id'>;

/**
 * Stores a decision unless one for the same text and case exists (the first stands), then, for
 * a separation, tells every process. Announced on a repeat too: a repeat completes a decision
 * whose announcement a crash cut short. True when this call stored it.
 */
export async function recordPairDecision(decision: PairDecisionInput): Promise<boolean> {
  let stored = true;
  try {
    await PairDecisionModel.create(decision);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    stored = false;
  }
  const existing = stored ? decision : await PairDecisionModel.findOne({ key: decision.key, caseId: decision.caseId }, { same: 1 }).lean();
  if (existing && !existing.same) {
    separations.add(decision.key, String(decision.caseId));
    await publishToIndex([{ kind: 'separation', key: decision.key, caseId: String(decision.caseId) }]);
  }
  return stored;
}
