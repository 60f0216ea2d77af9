import { Types } from 'mongoose';
import { insertOnce } from '../../db/insertOnce';
import { RebuttalUpdateModel } from '../coediting/model';
import { OnceModel } from '../meta/onceModel';
import { CaseContributorModel, type CaseContributorRecord } from './contributorModel';

export type ContributionKind = CaseContributorRecord['via'];

/** Records that `userId` contributed to the case; repeating it changes nothing. */
export async function recordContributor(caseId: Types.ObjectId, userId: string, via: ContributionKind): Promise<void> {
  await insertOnce(CaseContributorModel, { _id: `${String(caseId)}:${userId}`, caseId, userId: new Types.ObjectId(userId), via, at: new Date() });
}

/** Everyone who has contributed to the case, as user ids. */
export async function caseContributorIds(caseId: Types.ObjectId): Promise<string[]> {
  const records = await CaseContributorModel.find({ caseId }, { userId: 1 }).lean<Array<Pick<CaseContributorRecord, 'userId'>>>();
  return records.map((record) => String(record.userId));
}

/** Everyone who wrote any part of what this revision publishes: its savers and the case's co-editors. */
export async function authorsOf(caseId: Types.ObjectId, revision: { authorIds: readonly Types.ObjectId[] }): Promise<string[]> {
  return withContributors(revision.authorIds.map(String), await caseContributorIds(caseId));
}

/** The draft's authors together with everyone else who contributed to the case. */
export function withContributors(authorIds: readonly string[], contributorIds: readonly string[]): string[] {
  return [...new Set([...authorIds, ...contributorIds])];
}

const BACKFILL_MARKER = 'case-contributors-from-rebuttal-updates';

/**
 * Once per database: records as contributors the senders of rebuttal updates stored before
 * contributors were recorded (compacted updates have lost their senders; drafts keep theirs in
 * their authors). Repeating it after a crash records nobody twice.
 */
export async function backfillContributors(): Promise<number> {
  const marker = await OnceModel.findById(BACKFILL_MARKER).lean();
  if (marker?.completedAt) return 0;
  if (!marker) await insertOnce(OnceModel, { _id: BACKFILL_MARKER, startedAt: new Date() });
  const seen = new Set<string>();
  const cursor = RebuttalUpdateModel.find({ userId: { $ne: null } }, { caseId: 1, userId: 1 }).lean().cursor();
  for await (const update of cursor) {
    const key = `${String(update.caseId)}:${String(update.userId)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await recordContributor(update.caseId, String(update.userId), 'coediting');
  }
  await OnceModel.updateOne({ _id: BACKFILL_MARKER }, { $set: { completedAt: new Date() } });
  return seen.size;
}
