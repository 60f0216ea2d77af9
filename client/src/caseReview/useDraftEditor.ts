/**
 * The draft being edited on a case page: the reducer of `draftEditor.ts`, kept in this browser
 * while it holds unsaved changes (restored with a notice after a reload), and saved with the
 * version it builds on.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { MERGEABLE_FIELDS, type Draft, type MergeableField } from '@refute/shared';
import { api, ApiError } from '../api';
import { draftEditorReducer, initialDraftEditor, isDirty } from '../draftEditor';
import { invalidEvidenceKeys, toDraftSave, type DraftForm } from '../draftForm';
import { clearStash, readStash, writeStash, type DraftStash } from '../draftStash';

/** How long typing pauses before the unsaved fields are written to this browser. */
const STASH_DELAY_MS = 300;

export type SaveOutcome =
  | { saved: Draft }
  | { refused: 'evidence_invalid' | 'rebuttal_not_synced' | 'conflict' }
  | { failed: unknown };

function conflictOf(error: ApiError): { draft: Draft; fields: MergeableField[] } | null {
  const details = error.details as { current?: Draft; fields?: unknown } | undefined;
  if (!details?.current || typeof details.current.version !== 'number') return null;
  const fields = Array.isArray(details.fields) ? details.fields.filter((f): f is MergeableField => MERGEABLE_FIELDS.includes(f as MergeableField)) : [];
  return { draft: details.current, fields };
}

export function useDraftEditor(caseId: string, userId: string) {
  const [state, dispatch] = useReducer(draftEditorReducer, initialDraftEditor);
  const dirty = isDirty(state);
  /** Whether the live editor holds the whole shared rebuttal (true when no editor is open). */
  const rebuttalSynced = useRef(true);
  const restoredOnce = useRef(false);

  /** What is typed but not yet written to this browser. */
  const pending = useRef<DraftStash | null>(null);
  // Unsaved fields survive a reload; once saved (or matching the saved draft) they are forgotten.
  useEffect(() => {
    if (!state.base) return;
    if (!dirty) {
      pending.current = null;
      clearStash(userId, caseId);
      return;
    }
    const stash = { form: state.form, base: state.base, savedAt: Date.now() };
    pending.current = stash;
    const timer = setTimeout(() => {
      writeStash(userId, caseId, stash);
      pending.current = null;
    }, STASH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [state.form, state.base, dirty, userId, caseId]);
  // Leaving the page before typing paused writes what is pending at once.
  useEffect(() => {
    const flush = () => {
      if (pending.current) writeStash(userId, caseId, pending.current);
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [userId, caseId]);

  /** Starts from the saved draft; the first time, unsaved fields kept in this browser come back on top of it. */
  const load = useCallback(
    (draft: Draft, editable = true) => {
      // A case this user can no longer edit (submitted, published, reassigned) forgets what was kept.
      if (!editable) clearStash(userId, caseId);
      const stash = restoredOnce.current || !editable ? null : readStash(userId, caseId);
      restoredOnce.current = true;
      if (stash) dispatch({ type: 'restored', form: stash.form, base: stash.base, current: draft });
      else dispatch({ type: 'loaded', draft });
    },
    [userId, caseId],
  );

  /** Saves `sent` on top of `version`; the caller shows why when it was not saved. */
  const save = async (version: number, sent: DraftForm = state.form): Promise<SaveOutcome> => {
    if (invalidEvidenceKeys(sent).length > 0) return { refused: 'evidence_invalid' };
    // A save carries the shared rebuttal: only once this editor holds all of it.
    if (!rebuttalSynced.current) return { refused: 'rebuttal_not_synced' };
    try {
      const body = toDraftSave(sent, version);
      const { draft } = await api.saveDraft(caseId, body);
      // Merged against what is in the form now, so what was typed while the save was under way stays.
      dispatch({ type: 'saved', sent, draft });
      return { saved: draft };
    } catch (caught) {
      const conflict = caught instanceof ApiError && caught.code === 'stale_draft' ? conflictOf(caught) : null;
      if (conflict) {
        dispatch({ type: 'saveRefused', ...conflict });
        return { refused: 'conflict' };
      }
      return { failed: caught };
    }
  };

  return {
    state,
    dirty,
    load,
    save,
    edit: useCallback((form: DraftForm) => dispatch({ type: 'edited', form }), []),
    setRebuttal: useCallback((html: string) => dispatch({ type: 'rebuttalChanged', html }), []),
    setRebuttalSynced: useCallback((synced: boolean) => {
      rebuttalSynced.current = synced;
    }, []),
    takeInSavedDraft: useCallback((draft: Draft) => dispatch({ type: 'savedByOther', draft, userId }), [userId]),
    /** The case was read again: its draft is taken only if nothing typed is unsaved at that moment. */
    refresh: useCallback((draft: Draft) => dispatch({ type: 'refreshed', draft }), []),
    takeTheirs: useCallback(() => dispatch({ type: 'takeTheirs' }), []),
  };
}
