/** How many cases each expert works on now: their load against capacity. */
import { engine } from '../../engine';

/**
 * Open cases per expert: the active cases (in review, submitted, returned) they are assigned to.
 * Read from the queue's rows, which the local engine keeps in memory and MongoDB serves from an index.
 */
export async function openCasesByExpert(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const row of await engine().cases.activeRows({})) {
    for (const id of row.assigneeIds ?? []) counts.set(String(id), (counts.get(String(id)) ?? 0) + 1);
  }
  return counts;
}
