import type { Draft } from '@refute/shared';
import { draftEditorReducer, initialDraftEditor, isDirty, type DraftEditorState } from '../../client/src/draftEditor';
import { toDraftSave } from '../../client/src/draftForm';

const draft = (overrides: Partial<Draft> = {}): Draft => ({
  verdict: 'false',
  headline: 'No',
  summary: 'Not true.',
  rebuttalHtml: '<p>Because.</p>',
  evidence: [],
  version: 1,
  updatedBy: 'saver',
  updatedAt: '2026-11-30T00:00:00.000Z',
  authorIds: ['saver'],
  ...overrides,
});

const loaded = (base = draft()): DraftEditorState => draftEditorReducer(initialDraftEditor, { type: 'loaded', draft: base });

test('a loaded draft is clean; typing makes it dirty; typing it back makes it clean again', () => {
  const state = loaded();
  expect(isDirty(state)).toBe(false);
  const typed = draftEditorReducer(state, { type: 'edited', form: { ...state.form, headline: 'No, never' } });
  expect(isDirty(typed)).toBe(true);
  expect(isDirty(draftEditorReducer(typed, { type: 'edited', form: { ...typed.form, headline: 'No' } }))).toBe(false);
});

test("another's save takes the fields this editor left alone and reports the ones both changed", () => {
  const state = draftEditorReducer(loaded(), { type: 'edited', form: { ...loaded().form, headline: 'Mine' } });
  const theirs = draft({ version: 2, headline: 'Theirs', summary: 'Their summary', updatedBy: 'other' });
  const next = draftEditorReducer(state, { type: 'savedByOther', draft: theirs, userId: 'me' });
  expect(next.form.headline).toBe('Mine');
  expect(next.form.summary).toBe('Their summary');
  expect(next.liveConflict?.fields).toEqual(['headline']);
  expect(next.base?.version).toBe(2);
  const taken = draftEditorReducer(next, { type: 'takeTheirs' });
  expect(taken.form.headline).toBe('Theirs');
  expect(taken.liveConflict).toBeNull();
});

test("one's own save coming back live, or an older one, changes nothing", () => {
  const state = loaded(draft({ version: 3 }));
  expect(draftEditorReducer(state, { type: 'savedByOther', draft: draft({ version: 4, updatedBy: 'me' }), userId: 'me' })).toBe(state);
  expect(draftEditorReducer(state, { type: 'savedByOther', draft: draft({ version: 2, updatedBy: 'other' }), userId: 'me' })).toBe(state);
});

test('the live rebuttal is never replaced by loading a draft', () => {
  const state = draftEditorReducer(loaded(), { type: 'rebuttalChanged', html: '<p>Typed live</p>' });
  const reloaded = draftEditorReducer(state, { type: 'loaded', draft: draft({ version: 2, rebuttalHtml: '<p>Saved earlier</p>' }) });
  expect(reloaded.form.rebuttalHtml).toBe('<p>Typed live</p>');
});

test('a restored stash typed on an older version is merged with what was saved since, flagged as restored', () => {
  const base = draft({ version: 1 });
  const stashed = { ...loaded(base).form, headline: 'Typed before the reload' };
  const current = draft({ version: 2, summary: 'Saved by someone else meanwhile', updatedBy: 'other' });
  const restored = draftEditorReducer(initialDraftEditor, { type: 'restored', form: stashed, base, current });
  expect(restored.restored).toBe(true);
  expect(restored.form.headline).toBe('Typed before the reload');
  expect(restored.form.summary).toBe('Saved by someone else meanwhile');
  expect(restored.base?.version).toBe(2);
  expect(isDirty(restored)).toBe(true);
});

test('a save leaves the form clean, keeping what was typed while it was under way', () => {
  const state = draftEditorReducer(loaded(), { type: 'edited', form: { ...loaded().form, headline: 'Sent' } });
  const saved = draft({ version: 2, headline: 'Sent', updatedBy: 'me' });
  const afterSave = draftEditorReducer(state, { type: 'saved', sent: state.form, draft: saved });
  expect(isDirty(afterSave)).toBe(false);
  expect(toDraftSave(afterSave.form, 2).headline).toBe('Sent');
  const refused = draftEditorReducer(afterSave, { type: 'saveRefused', draft: draft({ version: 3 }), fields: ['summary'] });
  expect(refused.conflict?.fields).toEqual(['summary']);
});

test('a re-read case replaces the form only when nothing typed is unsaved at that moment', () => {
  const typing = draftEditorReducer(loaded(), { type: 'edited', form: { ...loaded().form, headline: 'Typed meanwhile' } });
  const reread = draftEditorReducer(typing, { type: 'refreshed', draft: draft({ version: 1 }) });
  expect(reread.form.headline).toBe('Typed meanwhile');
  const clean = draftEditorReducer(loaded(), { type: 'refreshed', draft: draft({ version: 2, headline: 'Saved by another' }) });
  expect(clean.form.headline).toBe('Saved by another');
});

test("a co-editor's rebuttal typing does not make this editor's form unsaved; a reply older than what was taken in is ignored", () => {
  const state = draftEditorReducer(loaded(), { type: 'rebuttalChanged', html: '<p>Someone else typed this</p>' });
  expect(isDirty(state)).toBe(false);
  const newer = draftEditorReducer(state, { type: 'savedByOther', draft: draft({ version: 3, updatedBy: 'other' }), userId: 'me' });
  const stale = draftEditorReducer(newer, { type: 'saved', sent: newer.form, draft: draft({ version: 2, updatedBy: 'me' }) });
  expect(stale).toBe(newer);
});
