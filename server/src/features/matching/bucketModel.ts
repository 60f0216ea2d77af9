import { Schema, model } from 'mongoose';

/**
 * The LSH index: one entry per (band key, indexed report). Lookups by key find the reports
 * that may be near-duplicates; kept in the database, so every process sees a new case at once.
 * Entries name the report, not the case, so merges and splits need no re-indexing.
 */
const matchBucketSchema = new Schema({
  _id: { type: String, required: true },
  key: { type: String, required: true, index: true },
  claimId: { type: Schema.Types.ObjectId, ref: 'Claim', required: true },
});

export const MatchBucketModel = model('MatchBucket', matchBucketSchema, 'match_buckets');
