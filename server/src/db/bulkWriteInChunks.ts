/**
 * Sends many updates or deletes as a few commands of at most `STATEMENTS_PER_COMMAND`, one after
 * another. FerretDB v1 on PostgreSQL stops answering an update command of about 45 statements
 * (measured: 40 answer in a second, 50 never), and several smaller ones at once that add up to
 * as many hang the same way, so a process never has more than ten in flight; inserts are
 * unaffected. Unordered: a statement that matches nothing does not stop the others.
 *
 * With `side by side` (for statements on distinct documents), the same ten statements in flight
 * go as five commands of two at once: FerretDB v1 works a command's statements one after another,
 * each a transaction of its own, while PostgreSQL commits concurrent ones together; measured on
 * the local engine, an update by `_id` then costs 2–3.5 ms instead of 7–14 ms.
 */
export const STATEMENTS_PER_COMMAND = 10;
const SIDE_BY_SIDE_STATEMENTS = 2;
const SIDE_BY_SIDE_COMMANDS = STATEMENTS_PER_COMMAND / SIDE_BY_SIDE_STATEMENTS;

/** `target` is a model, or a driver collection where mongoose's casting is not wanted. */
export async function bulkWriteInChunks<Op>(
  target: { bulkWrite(ops: Op[], options: { ordered: false }): Promise<unknown> },
  ops: Op[],
  options: { sideBySide?: boolean } = {},
): Promise<void> {
  if (!options.sideBySide) {
    for (let from = 0; from < ops.length; from += STATEMENTS_PER_COMMAND) {
      await target.bulkWrite(ops.slice(from, from + STATEMENTS_PER_COMMAND), { ordered: false });
    }
    return;
  }
  let next = 0;
  const lanes = Array.from({ length: Math.min(SIDE_BY_SIDE_COMMANDS, Math.ceil(ops.length / SIDE_BY_SIDE_STATEMENTS)) }, async () => {
    while (next < ops.length) {
      const from = next;
      next += SIDE_BY_SIDE_STATEMENTS;
      await target.bulkWrite(ops.slice(from, from + SIDE_BY_SIDE_STATEMENTS), { ordered: false });
    }
  });
  // Every lane finishes before an error is passed on: no command is left in flight behind it.
  const settled = await Promise.allSettled(lanes);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
