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

/** The active cases the expert is assigned to, by id. */
export async function openCaseIdsOf(expertId: string): Promise<Set<string>> {
  return new Set((await engine().cases.assignedTo([expertId])).map((row) => String(row._id)));
}
