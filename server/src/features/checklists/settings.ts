/** The review checklist of each topic: an admin setting (`settings/service.ts`). */
import { DEFAULT_CHECKLISTS, type ChecklistItem, type Checklists, type Topic } from '@refute/shared';

let current: Record<Topic, ChecklistItem[]> = DEFAULT_CHECKLISTS;

export function checklistFor(topic: Topic): ChecklistItem[] {
  return current[topic] ?? [];
}

export function checklistSettings(): Record<Topic, ChecklistItem[]> {
  return current;
}

/** A stored map names only the topics it changes; the others keep their defaults. */
export function configureChecklists(stored: Checklists): void {
  current = { ...DEFAULT_CHECKLISTS, ...stored };
}
