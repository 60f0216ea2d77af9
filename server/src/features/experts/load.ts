/** How many cases each expert works on now: their load against capacity. */
import { engine } from '../../engine';

/** Open cases per expert: the active cases (in review, submitted, returned) each of them is assigned to. */
export async function openCasesByExpert(expertIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const wanted = new Set(expertIds);
  for (const row of await engine().cases.assignedTo(expertIds)) {
    for (const id of row.assigneeIds ?? []) {
      if (wanted.has(String(id))) counts.set(String(id), (counts.get(String(id)) ?? 0) + 1);
    }
  }
  return counts;
}
