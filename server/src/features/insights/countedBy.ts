/**
 * Which rollup writer counts the records this process creates: reports, cases and workflow
 * transitions are stored with its id (`countedBy`), and their domain events carry it. A writer
 * counts only the events marked with its own id, so after a crash the records it was to count
 * are found by that mark and counted by whoever recovers it (recovery.ts), and nothing is
 * counted both by a writer and by the recovery of another. Null while no writer runs (scripts,
 * the rebuild): such records are counted by the next rebuild only.
 */
let current: string | null = null;

export const currentCountedBy = (): string | null => current;

export function setCountedBy(writer: string | null): void {
  current = writer;
}
