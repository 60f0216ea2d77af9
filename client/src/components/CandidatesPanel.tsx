import { useQuery } from '@tanstack/react-query';
import type { CandidateList } from '@refute/shared';
import { api } from '../api';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { CandidateReasons } from './CandidateReasons';
import { ErrorBanner } from './ErrorBanner';
import { ListSkeleton } from './Skeleton';

interface Props {
  caseId: string;
  /** Who is on the case already (not offered a second time). */
  assigneeIds: readonly string[];
  /** Given when the user may assign from the list. */
  onAssign?: (userId: string) => void;
  busy: boolean;
  /** Read again when the case changes (its topic, region or lane rank the pool anew). */
  caseVersion: string;
}

/** Whether the candidate already works on as many cases as their capacity (a lead may still assign them). */
function atCapacity(candidate: CandidateList['items'][number]): boolean {
  const load = candidate.reasons.find((reason) => reason.kind === 'load');
  return load?.kind === 'load' && load.open >= load.capacity;
}

/** For leads: the pool ranked for this case, with the reasons, and a way to assign from it. */
export function CandidatesPanel({ caseId, assigneeIds, onAssign, busy, caseVersion }: Props) {
  const { t } = useT();
  const candidates = useQuery({
    queryKey: [...queryKeys.candidates(caseId), caseVersion],
    queryFn: ({ signal }) => api.candidates(caseId, signal),
  });
  const items = candidates.data?.items ?? [];
  return (
    <section className="panel candidates-panel" data-testid="candidates-panel">
      <h2>{t('candidatesTitle')}</h2>
      <ErrorBanner message={candidates.error ? errorMessage(candidates.error, t) : null} onRetry={() => void candidates.refetch()} />
      {candidates.isPending && <ListSkeleton rows={3} />}
      {candidates.isSuccess && items.length === 0 && <p className="muted">{t('candidatesNone')}</p>}
      <ol className="candidate-list">
        {items.map((candidate) => (
          <li key={candidate.userId} data-testid="candidate" data-user-id={candidate.userId} className={candidate.eligible ? undefined : 'ineligible'}>
            <div className="candidate-head">
              <strong>{candidate.name}</strong>
              <span className="badge">{t('candidatesScore', { score: candidate.score })}</span>
              {candidate.offer && <span className="badge">{t(`offerStatus_${candidate.offer}`)}</span>}
              {!candidate.eligible && <span className="muted">{t('candidatesIneligible')}</span>}
              {onAssign && !assigneeIds.includes(candidate.userId) && atCapacity(candidate) && (
                <span className="warning-text" data-testid="candidate-over-capacity">
                  {t('candidatesOverCapacity')}
                </span>
              )}
              {onAssign && !assigneeIds.includes(candidate.userId) && (
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid="candidate-assign"
                  disabled={busy}
                  aria-label={t('candidatesAssignPerson', { name: candidate.name })}
                  onClick={() => onAssign(candidate.userId)}
                >
                  {t('candidatesAssign')}
                </button>
              )}
            </div>
            <CandidateReasons reasons={candidate.reasons} />
          </li>
        ))}
      </ol>
    </section>
  );
}
