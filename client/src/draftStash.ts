/**
 * Unsaved draft fields kept in this browser, per user and case, so a reload, a crash or a closed
 * tab loses nothing typed. The rebuttal is not kept here: the shared document stores every
 * keystroke on the server. Stashes older than a month are forgotten.
 */
import type { Draft } from '@refute/shared';
import type { DraftForm } from './draftForm';

export interface DraftStash {
  form: DraftForm;
  /** The saved draft the form was typed on. */
  base: Draft;
  savedAt: number;
}

const MAX_AGE_MS = 30 * 24 * 3_600_000;
const keyOf = (userId: string, caseId: string) => `refute.draft.${userId}.${caseId}`;

function isStash(value: unknown): value is DraftStash {
  const stash = value as DraftStash | null;
  return (
    typeof stash?.savedAt === 'number' &&
    typeof stash.base?.version === 'number' &&
    typeof stash.form?.headline === 'string' &&
    typeof stash.form.summary === 'string' &&
    Array.isArray(stash.form.evidence)
  );
}

export function readStash(userId: string, caseId: string, now = Date.now()): DraftStash | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(userId, caseId)) ?? 'null');
    if (!isStash(parsed) || now - parsed.savedAt > MAX_AGE_MS) return null;
    return parsed;
  } catch {
    return null;
  }
}

export function writeStash(userId: string, caseId: string, stash: DraftStash): void {
  try {
    localStorage.setItem(keyOf(userId, caseId), JSON.stringify(stash));
  } catch {
    // Storage full or unavailable (privacy mode): the leave guard still asks before anything is lost.
  }
}

export function clearStash(userId: string, caseId: string): void {
  try {
    localStorage.removeItem(keyOf(userId, caseId));
  } catch {
    // Nothing to clear where there is no storage.
  }
}
