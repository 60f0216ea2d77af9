/**
 * The co-edited rebuttal document of a case: stores each editor's Yjs update, answers a sync
 * with what the client lacks, and compacts the stored updates. No copy is held in memory, so
 * every server process answers from the same database.
 */
import { mongo, Types } from 'mongoose';
import { Y } from './yjs';
import { badRequest } from '../../http/errors';
import { backgroundLogger } from '../../logger';
import { RebuttalUpdateModel, type RebuttalUpdateRecord } from './model';

/** Stored updates of one case beyond which a sync merges them into one. */
export const COMPACT_AFTER = 200;

async function storedUpdates(caseId: Types.ObjectId): Promise<RebuttalUpdateRecord[]> {
  return RebuttalUpdateModel.find({ caseId }).lean<RebuttalUpdateRecord[]>();
}

/** Lean reads give BSON Binary values rather than Buffers. */
const bytesOf = (stored: Buffer | mongo.Binary): Uint8Array => (stored instanceof Uint8Array ? stored : stored.read(0, stored.length()));

/** Refuses bytes that are not a Yjs update, so one bad client cannot break the document for all. */
export function assertYjsUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch {
    throw badRequest('validation_failed', 'The rebuttal update is not a valid Yjs update');
  }
}

export async function appendRebuttalUpdate(caseId: Types.ObjectId, userId: string, update: Uint8Array): Promise<void> {
  assertYjsUpdate(update);
  await RebuttalUpdateModel.create({ caseId, update: Buffer.from(update), userId: new Types.ObjectId(userId), at: new Date() });
}

/** The whole document as one update, compacting the stored updates when there are many. */
export async function loadRebuttalDocument(caseId: Types.ObjectId): Promise<Uint8Array> {
  const records = await storedUpdates(caseId);
  const merged = Y.mergeUpdates(records.map((record) => bytesOf(record.update)));
  // A failed compaction (say, a merge too large for one document) leaves the stored updates as
  // they were: the sync still answers, and the next one tries again.
  if (records.length > COMPACT_AFTER) {
    await compact(caseId, records, merged).catch((error: unknown) =>
      backgroundLogger().warn({ err: error, caseId: String(caseId), updates: records.length }, 'compacting a rebuttal failed'),
    );
  }
  return merged;
}

/**
 * Replaces many stored updates with their merge. The merge is written before the originals are
 * deleted, so a reader in between sees every change (some twice, which Yjs ignores), and updates
 * stored meanwhile are not among the deleted ones.
 */
async function compact(caseId: Types.ObjectId, records: RebuttalUpdateRecord[], merged: Uint8Array): Promise<void> {
  const merges = records.reduce((sum, record) => sum + record.merges, 0);
  await RebuttalUpdateModel.create({ caseId, update: Buffer.from(merged), userId: null, merges, at: new Date() });
  await RebuttalUpdateModel.deleteMany({ _id: { $in: records.map((record) => record._id) } });
}

/** What a client with `stateVector` lacks, and the server's state vector for the way back. */
export async function syncRebuttal(caseId: Types.ObjectId, stateVector: Uint8Array): Promise<{ update: Uint8Array; stateVector: Uint8Array }> {
  const document = await loadRebuttalDocument(caseId);
  let update: Uint8Array;
  try {
    update = Y.diffUpdate(document, stateVector);
  } catch {
    throw badRequest('validation_failed', 'The state vector is not a valid Yjs state vector');
  }
  return { update, stateVector: Y.encodeStateVectorFromUpdate(document) };
}

/** How many stored documents hold a case's rebuttal, for tests and diagnostics. */
export async function storedUpdateCount(caseId: Types.ObjectId): Promise<number> {
  return RebuttalUpdateModel.countDocuments({ caseId });
}
