/**
 * The draft being edited on a case page, as a reducer: the form, the saved draft it builds on,
 * and the notices of clashes with others' saves. Pure: every rule of how typed text, saves and
 * others' saves combine lives here and is tested alone.
 */
import type { Draft, MergeableField } from '@refute/shared';
import { formFromDraft, mergeFormWith, snapshot, toDraftSave, type DraftForm } from './draftForm';

export interface DraftEditorState {
  form: DraftForm;
  /** The saved draft the form started from: its version is what a save builds on. */
  base: Draft | null;
  /** What the saved draft amounts to, to tell whether the form holds unsaved changes. */
  savedSnapshot: string;
  /** The co-edited rebuttal as the live editor has it; loading a draft never replaces it. */
  liveRebuttal: string | null;
  /** Fields both this editor and someone who saved meanwhile changed: theirs, for the notice. */
  liveConflict: { fields: MergeableField[]; theirs: Draft } | null;
  /** A save refused because someone saved the same fields first: their draft, and those fields. */
  conflict: { draft: Draft; fields: MergeableField[] } | null;
  /** Restored from this browser after a reload or a crash, not yet saved. */
  restored: boolean;
}

export type DraftEditorAction =
  | { type: 'loaded'; draft: Draft }
  | { type: 'edited'; form: DraftForm }
  | { type: 'rebuttalChanged'; html: string }
  | { type: 'saved'; sent: DraftForm; draft: Draft }
  /** The case was read again: its saved draft replaces the form only when nothing is unsaved. */
  | { type: 'refreshed'; draft: Draft }
  | { type: 'savedByOther'; draft: Draft; userId: string }
  | { type: 'saveRefused'; draft: Draft; fields: MergeableField[] }
  | { type: 'takeTheirs' }
  | { type: 'restored'; form: DraftForm; base: Draft; current: Draft };

export const EMPTY_FORM: DraftForm = { verdict: null, headline: '', summary: '', rebuttalHtml: '', evidence: [] };

export const initialDraftEditor: DraftEditorState = {
  form: EMPTY_FORM,
  base: null,
  savedSnapshot: snapshot(EMPTY_FORM),
  liveRebuttal: null,
  liveConflict: null,
  conflict: null,
  restored: false,
};

/**
 * Whether the form holds fields not yet saved. The rebuttal does not count: every keystroke of
 * it is stored on the server as it is typed (and a co-editor's typing is not this editor's).
 */
export const isDirty = (state: DraftEditorState) =>
  snapshot({ ...state.form, rebuttalHtml: '' }) !== snapshotWithoutRebuttal(state.savedSnapshot);

function snapshotWithoutRebuttal(saved: string): string {
  const fields = JSON.parse(saved) as Record<string, unknown>;
  return JSON.stringify({ ...fields, rebuttalHtml: '' });
}

/** The form built on `draft`, keeping the live rebuttal: the shared document is the rebuttal. */
function startFrom(state: DraftEditorState, draft: Draft): DraftEditorState {
  const saved = formFromDraft(draft);
  return {
    ...state,
    form: state.liveRebuttal === null ? saved : { ...saved, rebuttalHtml: state.liveRebuttal },
    base: draft,
    savedSnapshot: snapshot(saved),
    liveConflict: null,
    conflict: null,
    restored: false,
  };
}

/**
 * Someone else saved: fields this editor did not touch take their values; fields both changed
 * keep this editor's text, and the editor is told which (nothing changes silently).
 */
function takeIn(state: DraftEditorState, theirs: Draft): DraftEditorState {
  if (!state.base || theirs.version <= state.base.version) return state;
  const { form, conflicts } = mergeFormWith(state.base, state.form, theirs);
  return {
    ...state,
    form,
    base: theirs,
    savedSnapshot: snapshot(formFromDraft(theirs)),
    liveConflict: conflicts.length > 0 ? { fields: conflicts, theirs } : null,
  };
}

export function draftEditorReducer(state: DraftEditorState, action: DraftEditorAction): DraftEditorState {
  switch (action.type) {
    case 'loaded':
      return startFrom(state, action.draft);
    case 'edited':
      return { ...state, form: action.form };
    case 'rebuttalChanged':
      return {
        ...state,
        liveRebuttal: action.html,
        form: state.form.rebuttalHtml === action.html ? state.form : { ...state.form, rebuttalHtml: action.html },
      };
    case 'refreshed':
      return isDirty(state) ? state : startFrom(state, action.draft);
    case 'saved': {
      // A reply older than what was taken in meanwhile (someone's later save) changes nothing.
      if (state.base && action.draft.version < state.base.version) return state;
      // The server may have merged others' saves into this one: they are taken in, keeping what
      // was typed while the save was under way; the rebuttal sent is the saved one.
      const merged = mergeFormWith(toDraftSave(action.sent, 0), state.form, action.draft).form;
      return {
        ...state,
        form: merged,
        base: action.draft,
        savedSnapshot: snapshot({ ...formFromDraft(action.draft), rebuttalHtml: action.sent.rebuttalHtml }),
        liveConflict: null,
        conflict: null,
        restored: false,
      };
    }
    case 'savedByOther':
      // This editor's own saves come back through the HTTP reply.
      return action.draft.updatedBy === action.userId ? state : takeIn(state, action.draft);
    case 'saveRefused':
      return { ...state, conflict: { draft: action.draft, fields: action.fields } };
    case 'takeTheirs': {
      if (!state.liveConflict) return state;
      const theirs = formFromDraft(state.liveConflict.theirs);
      const taken = Object.fromEntries(state.liveConflict.fields.map((field) => [field, theirs[field]]));
      return { ...state, form: { ...state.form, ...taken }, liveConflict: null };
    }
    case 'restored': {
      // Typed on top of `base`; what others saved since then is merged in as if it arrived live.
      const rebuilt = { ...startFrom(state, action.base), form: { ...action.form, rebuttalHtml: state.liveRebuttal ?? action.form.rebuttalHtml } };
      return { ...takeIn(rebuilt, action.current), restored: true };
    }
  }
}
