import { lazy, Suspense } from 'react';
import { canTransition, hasRole } from '@refute/shared';
import { AssigneesField } from '../components/AssigneesField';
import { CandidatesPanel } from '../components/CandidatesPanel';
import { OfferActions } from '../components/OfferActions';
import { errorMessage } from '../errors';
import { useOffers } from '../useOffers';
import { RelativeTime } from '../components/RelativeTime';
import { CaseHeader } from '../components/CaseHeader';
import { ChecklistPanel } from '../components/ChecklistPanel';
import { ClaimStatementPanel } from '../components/ClaimStatementPanel';
import { EscalationPanel } from '../components/EscalationPanel';
import { CommentsPanel } from '../components/CommentsPanel';
import { ConflictNotice } from '../components/ConflictNotice';
import { DraftView } from '../components/DraftView';
import { ErrorBanner } from '../components/ErrorBanner';
import { HistoryList } from '../components/HistoryList';
import { LeadActions } from '../components/LeadActions';
import { ReopenPanel } from '../components/ReopenPanel';
import { RetractedBanner } from '../components/RetractedBanner';
import { RetractPanel } from '../components/RetractPanel';
import { Link } from '../components/Link';
import { MergedBanner } from '../components/MergedBanner';
import { Notice } from '../components/Notice';
import { ReportList } from '../components/ReportList';
import { SuggestionsPanel } from '../components/SuggestionsPanel';
import { MergeSearchPanel } from '../components/MergeSearchPanel';
import { useT } from '../i18n';
import { casePermissions } from '../permissions';
import { useUser } from '../session';
import { useCaseReview } from '../useCaseReview';
import { PresenceBar } from '../components/PresenceBar';
import { LiveMergeNotice } from '../components/LiveMergeNotice';
import { useCasePresence, useCaseUpdates, useDraftSaved, useResyncAfterReconnect } from '../realtime';
import { useLeaveGuard } from '../router';
import { ListSkeleton, PageSkeleton } from '../components/Skeleton';

// The editor brings ProseMirror and Yjs: loaded only when someone opens a case to edit it.
const DraftEditor = lazy(() => import('../components/DraftEditor').then((module) => ({ default: module.DraftEditor })));

export function CasePage({ caseId }: { caseId: string }) {
  const { t } = useT();
  const user = useUser();
  const review = useCaseReview(caseId);
  const { present, editing } = useCasePresence(caseId);
  // Changes by others (claims, submissions, new reports) show up without a reload; unsaved edits stay.
  useCaseUpdates((updated) => {
    if (updated === caseId) void review.refreshCaseFields();
  });
  // Others' saves come in live: untouched fields take their values, clashes are shown.
  useDraftSaved(caseId, review.takeInSavedDraft);
  // Back from a drop: the case is read again; unsaved edits stay (the rebuttal syncs by itself).
  useResyncAfterReconnect(() => void review.refreshCaseFields());
  const { detail, busy } = review;
  const offers = useOffers(user);
  const offerExpiresAt = offers.offers.data?.items.find((offer) => offer.caseId === caseId)?.expiresAt ?? null;
  // Unsaved fields are kept in this browser, but leaving still asks first.
  useLeaveGuard(review.dirty ? t('leaveUnsaved') : null);

  if (!detail) {
    return (
      <main className="page">
        <Link to="/queue" className="back-link">
          {t('backToQueue')}
        </Link>
        <ErrorBanner message={review.notFound ? t('notFound') : review.error} />
        {busy === 'load' && <PageSkeleton />}
      </main>
    );
  }

  const can = casePermissions(user, detail);
  const assignees = detail.assignees.map((id) => ({ id, name: id === user.id ? t('you') : (detail.people[id] ?? t('unknownPerson')) }));

  return (
    <main className="page case-page">
      <Link to="/queue" className="back-link">
        {t('backToQueue')}
      </Link>

      <CaseHeader
        detail={detail}
        assignees={
          <AssigneesField
            assignees={assignees}
            onAssign={can.assign ? (userId) => void review.assign(userId) : undefined}
            mayUnassign={can.unassign}
            onUnassign={(userId) => void review.unassign(userId)}
            selfId={user.id}
            busy={busy !== null}
          />
        }
        onTopicChange={can.setTopic ? (topic) => void review.changeTopic(topic) : undefined}
        onLaneConfirm={can.setLane ? (lane) => void review.confirmLane(lane) : undefined}
        busy={busy !== null}
      />

      <PresenceBar present={present} />
      {detail.status === 'merged' && <MergedBanner mergedInto={detail.mergedInto} />}
      {detail.retraction && <RetractedBanner retraction={detail.retraction} />}
      <ErrorBanner message={review.error} onDismiss={() => review.setError(null)} />
      {review.notice && <Notice testId="notice">{review.notice}</Notice>}
      {offers.openFor(caseId) && detail.status === 'open' && (
        <div className="banner" data-testid="offer-banner">
          {t('offerBanner')}{' '}
          {offerExpiresAt && (
            <span className="muted" data-testid="offer-lapses">
              {t('offerLapses')} <RelativeTime iso={offerExpiresAt} />{' '}
            </span>
          )}
          <OfferActions
            busy={offers.answer.isPending}
            onAnswer={(accept) =>
              offers.answer.mutate(
                { caseId, accept },
                {
                  onSuccess: () => {
                    review.setError(null);
                    void review.refreshCaseFields();
                  },
                  onError: (error) => review.setError(errorMessage(error, t)),
                },
              )
            }
          />
        </div>
      )}
      {review.publication && (
        <Notice testId="approve-success">
          {t('approvedMsg')}{' '}
          <a href={review.publication.url} target="_blank" rel="noopener noreferrer" data-testid="publication-link">
            {t('viewPublication')}
          </a>{' '}
          · <Link to="/feed">{t('viewFeed')}</Link>
        </Notice>
      )}

      <div className="case-layout">
        <section
          className="panel draft-panel"
          onFocusCapture={(event) => editing(fieldOf(event.target))}
          onBlurCapture={() => editing(null)}
        >
          <h2>{t('draftTitle')}</h2>

          {detail.reopenReason && detail.status !== 'published' && (
            <div className="banner banner-warning" data-testid="correction-note">
              <p className="pre-wrap">{t('correctionNote', { reason: detail.reopenReason })}</p>
            </div>
          )}

          {detail.status === 'returned' && detail.returnComment && (
            <div className="banner banner-warning" data-testid="return-note">
              <strong>{t('returnedNote')}</strong>
              <p className="pre-wrap">{detail.returnComment}</p>
            </div>
          )}

          {can.claim && (
            <div className="claim-box">
              <p>{t('claimHint')}</p>
              <button
                type="button"
                className="btn btn-primary"
                data-testid="claim-button"
                onClick={() => void review.claim()}
                disabled={busy !== null}
              >
                {t('claim')}
              </button>
            </div>
          )}

          {review.liveConflict && (
            <LiveMergeNotice fields={review.liveConflict.fields} onTakeTheirs={review.takeTheirs} />
          )}

          {review.conflict && (
            <ConflictNotice
              current={review.conflict.draft}
              fields={review.conflict.fields}
              busy={busy !== null}
              onLoadLatest={review.loadLatest}
              onOverwrite={review.overwrite}
            />
          )}

          {can.edit ? (
            <>
              <Suspense fallback={<ListSkeleton rows={3} />}>
                <DraftEditor
                  caseId={caseId}
                  user={user}
                  savedRebuttal={detail.draft.rebuttalHtml}
                  presentUserIds={present.map((entry) => entry.userId)}
                  form={review.form}
                  onChange={review.setForm}
                  onRebuttalChange={review.setRebuttal}
                  onRebuttalSynced={review.setRebuttalSynced}
                  missing={review.missing}
                  invalidEvidenceKeys={review.evidenceErrors}
                />
              </Suspense>
              <div className="draft-actions">
                <span className={`save-state${review.dirty ? ' dirty' : ''}`}>
                  {review.dirty ? t('unsaved') : t('allSaved')}
                </span>
                <button
                  type="button"
                  className="btn"
                  data-testid="save-button"
                  onClick={() => void review.save()}
                  disabled={busy !== null}
                >
                  {busy === 'save' ? t('saving') : t('save')}
                </button>
                {can.submit && (
                  <button
                    type="button"
                    className="btn btn-primary"
                    data-testid="submit-button"
                    onClick={() => void review.submit()}
                    disabled={busy !== null}
                  >
                    {busy === 'submit' ? t('submitting') : t('submit')}
                  </button>
                )}
              </div>
            </>
          ) : (
            <>
              {!can.claim && detail.status !== 'published' && detail.status !== 'merged' && detail.status !== 'retracted' && !can.review && (
                <p className="muted">{detail.status === 'submitted' ? t('awaitingApproval') : t('readOnlyHint')}</p>
              )}
              <DraftView draft={detail.draft} />
            </>
          )}

          {can.fourEyesBlocked && <p className="muted four-eyes">{t('fourEyesNote')}</p>}

          {detail.status !== 'merged' && (
            <ChecklistPanel
              checklist={detail.checklist}
              people={detail.people}
              mayTick={can.tick}
              onTick={(itemId, checked) => void review.tickChecklist(itemId, checked)}
              busy={busy !== null}
            />
          )}
        </section>

        <aside className="case-side">
          <ClaimStatementPanel
            statement={detail.claimStatement}
            people={detail.people}
            onSave={can.stateClaim ? (text) => void review.setClaimStatement(text) : undefined}
            busy={busy !== null}
          />
          {can.review && (
            <LeadActions
              caseId={detail.id}
              busy={busy === 'approve' || busy === 'return' ? busy : null}
              draft={detail.draft}
              claimText={detail.reports.at(-1)?.text ?? detail.title}
              onApprove={() => void review.approve()}
              onReturn={review.sendBack}
              onInvalid={review.setError}
            />
          )}
          <EscalationPanel detail={detail} onSetUnits={can.setUnits ? (units) => void review.setUnits(units) : undefined} busy={busy !== null} />
          {hasRole(user.roles, 'lead', 'admin') && canTransition('assign', detail.status) && (
            <CandidatesPanel
              caseId={caseId}
              assigneeIds={detail.assignees}
              onAssign={can.assign ? (userId) => void review.assign(userId) : undefined}
              busy={busy !== null}
              caseVersion={[detail.topic, detail.region ?? '', detail.lane, detail.status, detail.assignees.join()].join('|')}
            />
          )}
          {can.reopen && <ReopenPanel caseId={detail.id} busy={busy !== null} onReopen={review.reopen} onInvalid={review.setError} />}
          {can.retract && <RetractPanel busy={busy !== null} onRetract={review.retract} />}
          {detail.status !== 'merged' && (
            <SuggestionsPanel
              suggestions={detail.suggestions.filter((suggestion) => suggestion.caseId !== detail.id)}
              onMerge={can.merge ? (intoCaseId) => void review.mergeInto(intoCaseId) : undefined}
              onNotSameClaim={can.markNotSameClaim ? (otherCaseId) => void review.markNotSameClaim({ caseId: otherCaseId }) : undefined}
              busy={busy !== null}
            />
          )}
          {can.merge && <MergeSearchPanel caseId={caseId} onMerge={(intoCaseId) => void review.mergeInto(intoCaseId)} busy={busy !== null} />}
          <section className="panel">
            <h2>
              {t('reportsTitle')} <span className="count">{detail.reports.length}</span>
            </h2>
            <ReportList
              platforms={detail.platforms}
              reports={detail.reports}
              onMoveOut={can.moveOut ? (reportId) => void review.moveOut(reportId) : undefined}
              onNotSameClaim={can.markNotSameClaim ? (reportId) => void review.markNotSameClaim({ claimId: reportId }) : undefined}
              busy={busy !== null}
            />
          </section>
          <CommentsPanel caseId={caseId} merged={detail.status === 'merged'} />
          <section className="panel">
            <h2>{t('historyTitle')}</h2>
            <HistoryList entries={detail.history} people={detail.people} platforms={detail.platforms} />
          </section>
        </aside>
      </div>
    </main>
  );
}

const FIELD_OF_TEST_ID: Record<string, 'verdict' | 'headline' | 'summary' | 'rebuttal' | 'evidence'> = {
  'verdict-select': 'verdict',
  'headline-input': 'headline',
  'summary-input': 'summary',
  'rebuttal-editor': 'rebuttal',
  'evidence-title': 'evidence',
  'evidence-url': 'evidence',
  'evidence-kind': 'evidence',
};

/** Which draft field an element belongs to, for presence ("editing the headline"). */
function fieldOf(target: EventTarget): 'verdict' | 'headline' | 'summary' | 'rebuttal' | 'evidence' | null {
  const element = target instanceof HTMLElement ? target.closest('[data-testid]') : null;
  return FIELD_OF_TEST_ID[element?.getAttribute('data-testid') ?? ''] ?? null;
}
