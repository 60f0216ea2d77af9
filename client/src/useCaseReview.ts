/**
 * The case page's state and actions: the case as last read, the draft being edited
 * (`useDraftEditor`), and the workflow actions, each with its busy state, error and notice.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { canTransition, missingForSubmission, type CaseDetail, type CaseUnits, type ClaimStatementInput, type NotSameClaimInput, type PublicationView, type SetLane, type Topic } from '@refute/shared';
import { api, ApiError } from './api';
import { useDraftEditor, type SaveOutcome } from './caseReview/useDraftEditor';
import { invalidEvidenceKeys, mergeFormWith } from './draftForm';
import { errorMessage } from './errors';
import { fieldLabel, useT } from './i18n';
import { queryKeys } from './queries';
import { navigate } from './router';
import { useUser } from './session';

export type Busy = 'load' | 'claim' | 'save' | 'submit' | 'approve' | 'return' | 'reopen' | 'retract' | 'topic' | 'assign' | 'lane' | 'merge' | 'moveOut' | 'separate' | 'statement' | 'units' | 'checklist' | null;

const casePath = (id: string) => `/cases/${encodeURIComponent(id)}`;

function missingFrom(error: ApiError): string[] {
  const details = error.details as { missing?: unknown } | undefined;
  return Array.isArray(details?.missing) ? details.missing.filter((f): f is string => typeof f === 'string') : [];
}

export function useCaseReview(caseId: string) {
  const { t, labels, lang } = useT();
  const user = useUser();
  const queryClient = useQueryClient();
  const draft = useDraftEditor(caseId, user.id);
  const { state: editor, dirty, load: loadDraft } = draft;
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [missing, setMissing] = useState<string[]>([]);
  const [showEvidenceErrors, setShowEvidenceErrors] = useState(false);
  const [busy, setBusy] = useState<Busy>('load');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [publication, setPublication] = useState<PublicationView | null>(null);

  /** Shows the case as the server answered, the draft with it. */
  const applyDetail = useCallback(
    (next: CaseDetail) => {
      setDetail(next);
      queryClient.setQueryData(queryKeys.caseDetail(caseId), next);
      loadDraft(next.draft, next.assignees.includes(user.id) && canTransition('edit', next.status));
      setMissing([]);
      setShowEvidenceErrors(false);
    },
    [loadDraft, queryClient, caseId, user.id],
  );

  /**
   * Takes the case fields of `next`; its draft replaces the form only if nothing is unsaved at the
   * moment it arrives (decided in the reducer, not from when the read began).
   */
  const applyCaseFields = (next: CaseDetail) => {
    queryClient.setQueryData(queryKeys.caseDetail(caseId), next);
    setDetail((previous) => ({ ...next, draft: previous && dirtyNow.current ? previous.draft : next.draft }));
    draft.refresh(next.draft);
  };
  const dirtyNow = useRef(dirty);
  dirtyNow.current = dirty;

  /** Reads the case afresh (never an answer already under way, which may predate the change). */
  const fetchCase = () => api.getCase(caseId);

  useEffect(() => {
    setDetail(null);
    setBusy('load');
    fetchCase()
      .then((loaded) => {
        applyDetail(loaded);
        setNotFound(false);
      })
      .catch((caught: unknown) => {
        if (caught instanceof ApiError && (caught.status === 404 || caught.status === 400)) setNotFound(true);
        else setError(errorMessage(caught, t));
      })
      .finally(() => setBusy(null));
    // Only a different case id starts a fresh load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId]);

  useEffect(() => {
    if (editor.restored) setNotice(t('draftRestored'));
  }, [editor.restored, t]);

  /** Runs a workflow action: busy meanwhile, its error shown, the case shown as it answered. */
  const run = async (action: Exclude<Busy, null>, work: () => Promise<void>, onError?: (caught: unknown) => Promise<void> | void) => {
    setBusy(action);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (caught) {
      setError(errorMessage(caught, t));
      await onError?.(caught);
    } finally {
      setBusy(null);
    }
  };

  /** Re-reads the case (after a change by someone else, a refusal or a reconnect), keeping unsaved edits. */
  const refreshCaseFields = async () => {
    try {
      applyCaseFields(await fetchCase());
      setError((current) => (current === t('errNetwork') ? null : current));
    } catch {
      // A failed refresh leaves the page as it was; the next event or reconnect reads again.
    }
  };

  /** Explains a save that did not happen; true when it did. */
  const reportSave = (outcome: SaveOutcome): outcome is { saved: CaseDetail['draft'] } => {
    if ('saved' in outcome) {
      setShowEvidenceErrors(false);
      setDetail((previous) => previous && { ...previous, draft: outcome.saved });
      return true;
    }
    if ('failed' in outcome) setError(errorMessage(outcome.failed, t));
    else if (outcome.refused === 'evidence_invalid') {
      setShowEvidenceErrors(true);
      setError(t('evidenceInvalid'));
    } else if (outcome.refused === 'rebuttal_not_synced') setError(t('rebuttalNotSynced'));
    return false;
  };

  const baseVersion = editor.base?.version ?? 0;

  const save = (version = baseVersion, sent = editor.form) =>
    run('save', async () => {
      const outcome = await draft.save(version, sent);
      if (reportSave(outcome)) setNotice(t('saved', { n: outcome.saved.version }));
    });

  const submit = () =>
    run(
      'submit',
      async () => {
        if (!reportSave(await draft.save(baseVersion))) return;
        applyDetail(await api.submit(caseId));
        setNotice(t('submitted'));
      },
      (caught) => {
        if (!(caught instanceof ApiError && caught.code === 'draft_incomplete')) return;
        const fields = missingFrom(caught);
        setMissing(fields);
        setError(t('missingFields', { fields: fields.map((f) => fieldLabel(labels, f)).join(lang === 'zh' ? '、' : ', ') }));
      },
    );

  const claim = () =>
    run(
      'claim',
      async () => applyDetail(await api.claim(caseId)),
      async (caught) => {
        if (caught instanceof ApiError && caught.code === 'already_claimed') await refreshCaseFields();
      },
    );

  const approve = () =>
    run('approve', async () => {
      const result = await api.approve(caseId);
      applyDetail(result.case);
      setPublication(result.publication);
    });

  /** Resolves true when the action went through, so its text box can be cleared. */
  const withComment = (action: 'return' | 'reopen' | 'retract', call: () => Promise<CaseDetail>, done: string) => async (): Promise<boolean> => {
    let ok = false;
    await run(action, async () => {
      applyDetail(await call());
      setNotice(done);
      ok = true;
    });
    return ok;
  };
  const sendBack = (comment: string) => withComment('return', () => api.returnCase(caseId, comment), t('returnedMsg'))();
  const reopen = (reason: string) => withComment('reopen', () => api.reopen(caseId, reason), t('reopenedMsg'))();
  /** Retracts the case's current publication, then shows the case as it is now. */
  const retract = async (reason: string): Promise<boolean> => {
    const publicationId = detail?.publicationId;
    if (!publicationId) return false;
    return withComment(
      'retract',
      async () => {
        await api.retract(publicationId, reason);
        return api.getCase(caseId);
      },
      t('retractedMsg'),
    )();
  };

  const changeTopic = (topic: Topic) =>
    run('topic', async () => {
      applyCaseFields(await api.setTopic(caseId, topic));
      setNotice(t('topicChanged'));
    });

  const assign = (userId: string) =>
    run('assign', async () => {
      applyCaseFields(await api.assign(caseId, userId));
      setNotice(t('assignedMsg'));
    });

  const setUnits = (units: CaseUnits) =>
    run('units', async () => {
      applyCaseFields(await api.setUnits(caseId, units));
      setNotice(t('unitsSaved'));
    });

  const tickChecklist = (itemId: string, checked: boolean) =>
    run('checklist', async () => {
      const checklist = await api.tickChecklist(caseId, itemId, checked);
      setDetail((previous) => previous && { ...previous, checklist });
    });

  const unassign = (userId: string) =>
    run('assign', async () => {
      applyCaseFields(await api.unassign(caseId, userId));
      setNotice(userId === user.id ? t('gaveBackMsg') : t('unassignedMsg'));
    });

  const confirmLane = (lane: SetLane['lane']) =>
    run('lane', async () => {
      applyCaseFields(await api.setLane(caseId, lane));
      setNotice(t('laneChanged'));
    });

  /** Merges this case into `targetId`, then opens the target case. */
  const mergeInto = (targetId: string) =>
    run(
      'merge',
      async () => navigate(casePath((await api.mergeCase(caseId, targetId)).id)),
      async (caught) => {
        if (!(caught instanceof ApiError && caught.code === 'invalid_state')) return;
        setError(t('errMergeState'));
        await refreshCaseFields();
      },
    );

  /** Moves one report into a new case of its own, then opens that case. */
  const moveOut = (reportId: string) =>
    run(
      'moveOut',
      async () => navigate(casePath((await api.moveReportOut(caseId, reportId)).id)),
      async (caught) => {
        if (caught instanceof ApiError && caught.code === 'last_report') await refreshCaseFields();
      },
    );

  /** "Not the same claim": a report of this case, or a suggested case; the case shows the mark. */
  const markNotSameClaim = (input: NotSameClaimInput) =>
    run('separate', async () => {
      applyCaseFields(await api.markNotSameClaim(caseId, input));
      setNotice(t('notSameClaimDone'));
    });

  /** Writes the claim as reviewed, or with null takes it away. */
  const setClaimStatement = (text: ClaimStatementInput['text']) =>
    run('statement', async () => {
      applyCaseFields(await api.setClaimStatement(caseId, { text }));
      setNotice(t(text === null ? 'claimStatementCleared' : 'claimStatementSaved'));
    });

  const loadLatest = () => {
    if (!editor.conflict) return;
    const latest = editor.conflict.draft;
    draft.load(latest);
    setDetail((previous) => previous && { ...previous, draft: latest });
  };

  /**
   * Explicitly chosen by the user after seeing the conflict: their text wins in the fields both
   * changed; what the other saver changed elsewhere is kept, not reverted.
   */
  const overwrite = () => {
    if (!editor.conflict || !editor.base) return;
    const resolved = mergeFormWith(editor.base, editor.form, editor.conflict.draft).form;
    draft.edit(resolved);
    void save(editor.conflict.draft.version, resolved);
  };

  const evidenceErrors = showEvidenceErrors ? invalidEvidenceKeys(editor.form) : [];
  // A field reported missing stops being flagged as soon as it is filled in.
  const stillMissing = useMemo(() => {
    const empty = missingForSubmission(editor.form);
    return missing.filter((field) => empty.includes(field));
  }, [editor.form, missing]);

  return {
    detail,
    notFound,
    form: editor.form,
    setForm: draft.edit,
    dirty,
    conflict: editor.conflict,
    liveConflict: editor.liveConflict,
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
    retract,
    changeTopic,
    assign,
    setUnits,
    tickChecklist,
    unassign,
    confirmLane,
    mergeInto,
    moveOut,
    markNotSameClaim,
    setClaimStatement,
    refreshCaseFields,
    loadLatest,
    overwrite,
    setRebuttal: draft.setRebuttal,
    setRebuttalSynced: draft.setRebuttalSynced,
    takeInSavedDraft: (theirs: CaseDetail['draft']) => {
      draft.takeInSavedDraft(theirs);
      setDetail((previous) => (previous && theirs.version > previous.draft.version && theirs.updatedBy !== user.id ? { ...previous, draft: theirs } : previous));
    },
    takeTheirs: draft.takeTheirs,
  };
}
