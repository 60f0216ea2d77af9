import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { MERGEABLE_FIELDS, missingForSubmission, type CaseDetail, type Draft, type MergeableField, type PublicationView, type Topic } from '@refute/shared';
import { api, ApiError } from './api';
import { formFromDraft, invalidEvidenceKeys, mergeFormWith, snapshot, toDraftSave, type DraftForm } from './draftForm';
import { errorMessage } from './errors';
import { fieldLabel, useT } from './i18n';
import { navigate } from './router';
import { useUser } from './session';

export type Busy = 'load' | 'claim' | 'save' | 'submit' | 'approve' | 'return' | 'reopen' | 'topic' | 'merge' | 'moveOut' | null;

const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;

const EMPTY_FORM: DraftForm = { verdict: null, headline: '', summary: '', rebuttalHtml: '', evidence: [] };

function missingFrom(error: ApiError): string[] {
  const details = error.details as { missing?: unknown } | undefined;
  return Array.isArray(details?.missing) ? details.missing.filter((f): f is string => typeof f === 'string') : [];
}

function currentDraftFrom(error: ApiError): Draft | null {
  const details = error.details as { current?: Draft } | undefined;
  return details?.current && typeof details.current.version === 'number' ? details.current : null;
}

/** The fields a refused save clashed on, as the server named them. */
function conflictFieldsFrom(error: ApiError): MergeableField[] {
  const details = error.details as { fields?: unknown } | undefined;
  return Array.isArray(details?.fields) ? details.fields.filter((f): f is MergeableField => MERGEABLE_FIELDS.includes(f as MergeableField)) : [];
}

/** State and actions of the case page: loading, claiming, saving with version checks, review. */
export function useCaseReview(caseId: string) {
  const { t, labels, lang } = useT();
  const user = useUser();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [form, setForm] = useState<DraftForm>(EMPTY_FORM);
  /** The saved draft the form started from: its version is what a save builds on. */
  const [baseDraft, setBaseDraft] = useState<Draft | null>(null);
  const baseVersion = baseDraft?.version ?? 0;
  /** The co-edited rebuttal as the live editor has it; loading a draft never replaces it. */
  const liveRebuttal = useRef<string | null>(null);
  /** Whether the live editor holds the whole shared rebuttal (true when no editor is open). */
  const rebuttalSynced = useRef(true);
  /** Fields both this editor and someone who saved meanwhile changed: theirs, for the notice. */
  const [liveConflict, setLiveConflict] = useState<{ fields: MergeableField[]; theirs: Draft } | null>(null);
  const [savedSnapshot, setSavedSnapshot] = useState(snapshot(EMPTY_FORM));
  /** A save refused because someone saved the same fields first: their draft, and those fields. */
  const [conflict, setConflict] = useState<{ draft: Draft; fields: MergeableField[] } | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [showEvidenceErrors, setShowEvidenceErrors] = useState(false);
  const [busy, setBusy] = useState<Busy>('load');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [publication, setPublication] = useState<PublicationView | null>(null);

  const dirty = useMemo(() => snapshot(form) !== savedSnapshot, [form, savedSnapshot]);

  const loadDraft = useCallback((draft: Draft) => {
    const saved = formFromDraft(draft);
    setForm(liveRebuttal.current === null ? saved : { ...saved, rebuttalHtml: liveRebuttal.current });
    setBaseDraft(draft);
    setSavedSnapshot(snapshot(saved));
    setLiveConflict(null);
    setConflict(null);
    setShowEvidenceErrors(false);
  }, []);

  const applyDetail = useCallback(
    (next: CaseDetail) => {
      setDetail(next);
      loadDraft(next.draft);
      setMissing([]);
    },
    [loadDraft],
  );

  const reload = useCallback(async () => {
    try {
      applyDetail(await api.getCase(caseId));
      setNotFound(false);
    } catch (caught) {
      if (caught instanceof ApiError && (caught.status === 404 || caught.status === 400)) setNotFound(true);
      else setError(errorMessage(caught, t));
    }
  }, [caseId, applyDetail, t]);

  useEffect(() => {
    liveRebuttal.current = null;
    setDetail(null);
    setNotice(null);
    setError(null);
    setPublication(null);
    setBusy('load');
    void reload().finally(() => setBusy(null));
    // Only a different case id starts a fresh load; `reload` also changes with the language.
  }, [caseId]);

  const begin = (action: Busy) => {
    setBusy(action);
    setError(null);
    setNotice(null);
  };

  const claim = async () => {
    begin('claim');
    try {
      applyDetail(await api.claim(caseId));
    } catch (caught) {
      setError(errorMessage(caught, t));
      if (caught instanceof ApiError && caught.code === 'already_claimed') await reload();
    } finally {
      setBusy(null);
    }
  };

  /** Saves the form on top of `version`; null when it was not saved (the reason is shown). */
  const saveForm = async (version: number, sent: DraftForm = form): Promise<Draft | null> => {
    if (invalidEvidenceKeys(sent).length > 0) {
      setShowEvidenceErrors(true);
      setError(t('evidenceInvalid'));
      return null;
    }
    // A save carries the shared rebuttal: only once this editor holds all of it.
    if (!rebuttalSynced.current) {
      setError(t('rebuttalNotSynced'));
      return null;
    }
    try {
      const body = toDraftSave(sent, version);
      const { draft } = await api.saveDraft(caseId, body);
      // The server may have merged others' saves into this one: take them in, keeping what was
      // typed while the save was under way.
      setForm((current) => mergeFormWith(body, current, draft).form);
      setBaseDraft(draft);
      setSavedSnapshot(snapshot({ ...formFromDraft(draft), rebuttalHtml: sent.rebuttalHtml }));
      setLiveConflict(null);
      setConflict(null);
      setShowEvidenceErrors(false);
      setDetail((previous) => previous && { ...previous, draft });
      return draft;
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'stale_draft') {
        const current = currentDraftFrom(caught);
        if (current) setConflict({ draft: current, fields: conflictFieldsFrom(caught) });
        else setError(t('conflictTitle'));
      } else {
        setError(errorMessage(caught, t));
      }
      return null;
    }
  };

  const save = async (version = baseVersion, sent: DraftForm = form) => {
    begin('save');
    try {
      const draft = await saveForm(version, sent);
      if (draft) setNotice(t('saved', { n: draft.version }));
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    begin('submit');
    try {
      if (!(await saveForm(baseVersion))) return;
      applyDetail(await api.submit(caseId));
      setNotice(t('submitted'));
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'draft_incomplete') {
        const fields = missingFrom(caught);
        setMissing(fields);
        setError(t('missingFields', { fields: fields.map((f) => fieldLabel(labels, f)).join(lang === 'zh' ? '、' : ', ') }));
      } else {
        setError(errorMessage(caught, t));
      }
    } finally {
      setBusy(null);
    }
  };

  const approve = async () => {
    begin('approve');
    try {
      const result = await api.approve(caseId);
      applyDetail(result.case);
      setPublication(result.publication);
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(null);
    }
  };

  const sendBack = async (comment: string): Promise<boolean> => {
    begin('return');
    try {
      applyDetail(await api.returnCase(caseId, comment));
      setNotice(t('returnedMsg'));
      return true;
    } catch (caught) {
      setError(errorMessage(caught, t));
      return false;
    } finally {
      setBusy(null);
    }
  };

  /** A correction: the published case goes back into review with this reason. */
  const reopen = async (reason: string): Promise<boolean> => {
    begin('reopen');
    try {
      applyDetail(await api.reopen(caseId, reason));
      setNotice(t('reopenedMsg'));
      return true;
    } catch (caught) {
      setError(errorMessage(caught, t));
      return false;
    } finally {
      setBusy(null);
    }
  };

  /** Takes the case fields of `next` but keeps the draft being edited when it has unsaved changes. */
  const applyCaseFields = (next: CaseDetail) => {
    if (!dirty) {
      applyDetail(next);
      return;
    }
    setDetail((previous) => ({ ...next, draft: previous?.draft ?? next.draft }));
  };

  /** Re-reads the case after a refused regrouping, without touching unsaved edits. */
  const refreshCaseFields = async () => {
    try {
      applyCaseFields(await api.getCase(caseId));
    } catch {
      // The refusal is already shown; a failed refresh adds nothing to it.
    }
  };

  const changeTopic = async (topic: Topic) => {
    begin('topic');
    try {
      applyCaseFields(await api.setTopic(caseId, topic));
      setNotice(t('topicChanged'));
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(null);
    }
  };

  /** Merges this case into `targetId`, then opens the target case. */
  const mergeInto = async (targetId: string) => {
    begin('merge');
    try {
      const target = await api.mergeCase(caseId, targetId);
      navigate(casePath(target.id));
    } catch (caught) {
      const stateConflict = caught instanceof ApiError && caught.code === 'invalid_state';
      setError(stateConflict ? t('errMergeState') : errorMessage(caught, t));
      if (stateConflict) await refreshCaseFields();
    } finally {
      setBusy(null);
    }
  };

  /** Moves one report into a new case of its own, then opens that case. */
  const moveOut = async (reportId: string) => {
    begin('moveOut');
    try {
      const created = await api.moveReportOut(caseId, reportId);
      navigate(casePath(created.id));
    } catch (caught) {
      setError(errorMessage(caught, t));
      if (caught instanceof ApiError && caught.code === 'last_report') await refreshCaseFields();
    } finally {
      setBusy(null);
    }
  };

  const loadLatest = () => {
    if (!conflict) return;
    loadDraft(conflict.draft);
    setDetail((previous) => previous && { ...previous, draft: conflict.draft });
  };

  /**
   * Explicitly chosen by the user after seeing the conflict: their text wins in the fields both
   * changed; what the other saver changed elsewhere is kept, not reverted.
   */
  const overwrite = () => {
    if (!conflict || !baseDraft) return;
    const resolved = mergeFormWith(baseDraft, form, conflict.draft).form;
    setForm(resolved);
    void save(conflict.draft.version, resolved);
  };

  /** The live editor says whether it holds the whole shared rebuttal. */
  const setRebuttalSynced = useCallback((synced: boolean) => {
    rebuttalSynced.current = synced;
  }, []);

  /** The live editor reports the shared rebuttal document on every change, anyone's. */
  const setRebuttal = useCallback((html: string) => {
    liveRebuttal.current = html;
    setForm((previous) => (previous.rebuttalHtml === html ? previous : { ...previous, rebuttalHtml: html }));
  }, []);

  /**
   * Someone saved the draft: fields this editor did not touch take their values; fields both
   * changed keep this editor's text, and the editor is told which (nothing changes silently).
   */
  const takeInSavedDraft = (theirs: Draft) => {
    // This editor's own saves come back through the HTTP reply.
    if (!baseDraft || theirs.version <= baseDraft.version || theirs.updatedBy === user.id) return;
    const { form: merged, conflicts } = mergeFormWith(baseDraft, form, theirs);
    setForm(merged);
    setBaseDraft(theirs);
    setSavedSnapshot(snapshot(formFromDraft(theirs)));
    setDetail((previous) => previous && { ...previous, draft: theirs });
    setLiveConflict(conflicts.length > 0 ? { fields: conflicts, theirs } : null);
  };

  /** Takes the other saver's values for the fields both changed. */
  const takeTheirs = () => {
    if (!liveConflict) return;
    const theirs = formFromDraft(liveConflict.theirs);
    setForm((previous) => ({ ...previous, ...Object.fromEntries(liveConflict.fields.map((field) => [field, theirs[field]])) }));
    setLiveConflict(null);
  };

  const evidenceErrors = showEvidenceErrors ? invalidEvidenceKeys(form) : [];
  // A field reported missing stops being flagged as soon as it is filled in.
  const stillMissing = useMemo(() => {
    const empty = missingForSubmission(form);
    return missing.filter((field) => empty.includes(field));
  }, [form, missing]);

  return {
    detail,
    notFound,
    form,
    setForm,
    dirty,
    conflict,
    missing: stillMissing,
    evidenceErrors,
    busy,
    error,
    setError,
    notice,
    publication,
    claim,
    save: () => save(),
    submit,
    approve,
    sendBack,
    reopen,
    changeTopic,
    mergeInto,
    moveOut,
    refreshCaseFields,
    loadLatest,
    overwrite,
    setRebuttal,
    setRebuttalSynced,
    takeInSavedDraft,
    liveConflict,
    takeTheirs,
  };
}
