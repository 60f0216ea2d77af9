import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { IMPORT_FORMATS, IMPORT_STATUSES } from '@refute/shared';

/**
 * A bulk import: the file's rows are stored in chunks at upload, then worked through one chunk
 * at a time on the scheduler. `nextChunk` is where it resumes after a restart; the counts are
 * those of the chunks before it.
 */
const importJobSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Organisation', required: true, index: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    name: { type: String, required: true },
    format: { type: String, enum: IMPORT_FORMATS, required: true },
    status: { type: String, enum: IMPORT_STATUSES, required: true, index: true },
    total: { type: Number, required: true },
    chunks: { type: Number, required: true },
    nextChunk: { type: Number, required: true },
    processed: { type: Number, required: true },
    created: { type: Number, required: true },
    repeated: { type: Number, required: true },
    failed: { type: Number, required: true },
    /** When the first chunk was taken up, for the rate. */
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
export type ImportJobRecord = InferSchemaType<typeof importJobSchema> & { _id: Types.ObjectId; createdAt: Date };
export const ImportJobModel = model('ImportJob', importJobSchema, 'import_jobs');

/**
 * A chunk of rows, `_id` `<jobId>:<n>`. Rows are kept as JSON text: an uploaded object may hold
 * keys that MongoDB would refuse (`$`, `.`), and they are validated only when processed.
 */
const importChunkSchema = new Schema({
  _id: { type: String, required: true },
  jobId: { type: Schema.Types.ObjectId, required: true, index: true },
  firstRow: { type: Number, required: true },
  rows: { type: [String], required: true },
  /**
   * Set when a process first takes the chunk up, before it writes anything: a chunk found with it
   * was cut short (a crash, a failed write), and its rows already stored are completed, not skipped.
   */
  startedAt: { type: Date, default: null },
  /** Written once the chunk is processed: the problems of its bad rows. */
  rowErrors: { type: [{ _id: false, row: Number, field: String, message: String }], default: undefined },
});
export type ImportChunkRecord = InferSchemaType<typeof importChunkSchema>;
export const ImportChunkModel = model('ImportChunk', importChunkSchema, 'import_chunks');

/** Who works on a chunk: the process whose insert of `<jobId>:<n>` succeeded (the unique `_id`). */
const importLeaseSchema = new Schema({
  _id: { type: String, required: true },
  jobId: { type: Schema.Types.ObjectId, required: true, index: true },
  at: { type: Date, required: true },
});
export const ImportLeaseModel = model('ImportLease', importLeaseSchema, 'import_leases');
