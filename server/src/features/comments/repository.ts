import type { Types } from 'mongoose';
import { CommentModel, type CommentRecord } from './model';

/** A case's latest comments, oldest first. */
export async function latestComments(caseId: Types.ObjectId, limit: number): Promise<CommentRecord[]> {
  const latest = await CommentModel.find({ caseId }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<CommentRecord[]>();
  return latest.reverse();
}

export async function insertComment(comment: CommentRecord): Promise<void> {
  await CommentModel.create(comment);
}
