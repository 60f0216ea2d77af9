import { Types } from 'mongoose';
import { insertOnce } from '../../db/insertOnce';
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

/** The draft's authors together with everyone else who contributed to the case. */
export function withContributors(authorIds: readonly string[], contributorIds: readonly string[]): string[] {
  return [...new Set([...authorIds, ...contributorIds])];
}
