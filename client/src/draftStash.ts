/**
 * Unsaved draft fields kept in this browser, per user and case, so a reload, a crash or a closed
 * tab loses nothing typed. The rebuttal is not kept here: the shared document stores every
 * keystroke on the server.
 */
import type { Draft } from '@refute/shared';
import { clearStashed, readStashed, writeStashed } from './browserStash';
import type { DraftForm } from './draftForm';

export interface DraftStash {
  form: DraftForm;
  /** The saved draft the form was typed on. */
  base: Draft;
  savedAt: number;
}

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

export const readStash = (userId: string, caseId: string, now = Date.now()) => readStashed(keyOf(userId, caseId), isStash, now);
export const writeStash = (userId: string, caseId: string, stash: DraftStash) => writeStashed(keyOf(userId, caseId), stash);
export const clearStash = (userId: string, caseId: string) => clearStashed(keyOf(userId, caseId));
