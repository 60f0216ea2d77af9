import { Schema, model } from 'mongoose';

/**
 * Facts a snapshot of the matching index is checked against (indexSnapshot.ts): `database`,
 * stamped once when the database is first used, names it, so a snapshot of another database is
 * not loaded (a tool that writes reports past the server, such as a bulk load, deletes it so that
 * every snapshot taken before is rebuilt); `feed-pruned-before` is the time before which index feed entries may be gone, so a
 * snapshot older than it cannot be brought up to date from the feed.
 */
const indexMarkSchema = new Schema({
  _id: { type: String, required: true },
  at: { type: Date, required: true },
});

export interface IndexMarkRecord {
  _id: string;
  at: Date;
}

export const IndexMarkModel = model('IndexMark', indexMarkSchema, 'match_index_marks');
