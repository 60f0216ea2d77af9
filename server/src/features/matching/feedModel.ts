import { Schema, model, type Types } from 'mongoose';

/**
 * Recent changes to the candidate index, for the other server processes: each process polls
 * this small collection and applies what it has not seen, by `slot` (the entry's ten seconds):
 * an equality the local engine serves from an index, where a range over `at` would read every
 * entry. Entries older than the retention are deleted; the durable truth stays in claims,
 * case_keys and cases, which a process loads at start (or its snapshot and the feed since). Kinds: `report` (a report and its case, with its features when indexed), `key` (an
 * exact-text key and its case), `merge` (a case folded into another), `case` (a case's
 * workflow status and publication, which intake answers with) and `touch` (a case document was
 * written: for what other processes keep of cases besides the index, see server/src/engine/) and
 * `publication` (a version of a case was published, corrected or retracted and is stored: what
 * processes keep of published documents is made again, see publications/changes.ts) and
 * `separation` (a reviewer's "not the same claim": the text of `key` never joins `caseId`, see
 * separations.ts; the index itself ignores it) and `statement` (a case's claim as reviewed, with
 * its features, replacing the one before; without features it was taken away) and `pool` (a
 * person's expert profile or account changed: `caseId` holds their user id, or `*` for a change
 * to many; what processes keep of the pool is read again, see experts/poolAcrossProcesses.ts).
 */
const matchFeedSchema = new Schema({
  at: { type: Date, required: true, index: true },
  slot: { type: Number, required: true, index: true },
  kind: { type: String, enum: ['report', 'key', 'merge', 'case', 'touch', 'separation', 'statement', 'publication', 'pool'], required: true },
  caseId: { type: String, required: true },
  claimId: { type: String },
  /** Features joined into one string: one field decodes much faster than an array. */
  features: { type: String },
  reachScore: { type: Number },
  emergency: { type: Boolean },
  /** The report is part of its case's core (see memoryIndex's ReportEntry). */
  core: { type: Boolean },
  receivedAt: { type: Number },
  key: { type: String },
  into: { type: String },
  status: { type: String },
  publicationId: { type: String },
  /** A statement's version (later ones win, whatever order entries are read in). */
  version: { type: Number },
});

export interface MatchFeedRecord {
  _id: Types.ObjectId;
  at: Date;
  slot: number;
  kind: 'report' | 'key' | 'merge' | 'case' | 'touch' | 'separation' | 'statement' | 'publication' | 'pool';
  caseId: string;
  claimId?: string;
  features?: string;
  reachScore?: number;
  emergency?: boolean;
  core?: boolean;
  receivedAt?: number;
  key?: string;
  into?: string;
  status?: string;
  publicationId?: string;
  version?: number;
}

/** Entries are read by the ten seconds they were stamped in. */
export const FEED_SLOT_MS = 10_000;
export const feedSlot = (at: number) => Math.floor(at / FEED_SLOT_MS);

export const MatchFeedModel = model('MatchFeed', matchFeedSchema, 'match_feed');
