/**
 * Sends many updates or deletes as a few commands of at most `STATEMENTS_PER_COMMAND`, one after
 * another. FerretDB v1 on PostgreSQL stops answering an update command of about 45 statements
 * (measured: 40 answer in a second, 50 never), and several smaller ones at once that add up to
 * as many hang the same way, so a process never has more than ten in flight; inserts are
 * unaffected. Unordered: a statement that matches nothing does not stop the others.
 */
export const STATEMENTS_PER_COMMAND = 10;

/** `target` is a model, or a driver collection where mongoose's casting is not wanted. */
export async function bulkWriteInChunks<Op>(target: { bulkWrite(ops: Op[], options: { ordered: false }): Promise<unknown> }, ops: Op[]): Promise<void> {
  for (let from = 0; from < ops.length; from += STATEMENTS_PER_COMMAND) {
    await target.bulkWrite(ops.slice(from, from + STATEMENTS_PER_COMMAND), { ordered: false });
  }
}
