import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LeavePeriod } from '@refute/shared';
import { api, ApiError } from '../api';
import { DirectAssignmentToggle } from '../components/DirectAssignmentToggle';
import { ErrorBanner } from '../components/ErrorBanner';
import { LeaveEditor } from '../components/LeaveEditor';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';

/** An expert's own leave and whether they take cases without an offer: the parts of their profile they change themselves. */
export function MyAvailabilityPage() {
  const { t } = useT();
  const client = useQueryClient();
  const profile = useQuery({ queryKey: queryKeys.myExpertProfile, queryFn: ({ signal }) => api.myExpertProfile(signal), retry: false });
  const [leave, setLeave] = useState<LeavePeriod[] | null>(null);
  useEffect(() => {
    if (profile.data && leave === null) setLeave(profile.data.expert.leave);
  }, [profile.data, leave]);
  const save = useMutation({
    mutationFn: (periods: LeavePeriod[]) => api.setMyAvailability(periods),
    onSuccess: (saved) => client.setQueryData(queryKeys.myExpertProfile, saved),
  });
  const noProfile = profile.error instanceof ApiError && profile.error.status === 404;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (leave) save.mutate(leave);
  };

  return (
    <main className="page" data-testid="availability-page">
      <h1>{t('availabilityTitle')}</h1>
      <p className="muted">{t('availabilityIntro')}</p>
      {noProfile ? (
        <p data-testid="availability-no-profile">{t('availabilityNoProfile')}</p>
      ) : (
        <ErrorBanner message={profile.error ? errorMessage(profile.error, t) : null} onRetry={() => void profile.refetch()} />
      )}
      {leave && (
        <form onSubmit={onSubmit}>
          <LeaveEditor idPrefix="my" value={leave} onChange={(next) => {
            setLeave(next);
            save.reset();
          }} />
          <ErrorBanner message={save.error ? errorMessage(save.error, t) : null} onDismiss={() => save.reset()} />
          <button type="submit" className="btn btn-primary" data-testid="availability-save" disabled={save.isPending}>
            {t('availabilitySave')}
          </button>
          {save.isSuccess && (
            <span role="status" className="muted">
              {' '}
              {t('availabilitySaved')}
            </span>
          )}
        </form>
      )}
      {profile.data && <DirectAssignmentToggle expert={profile.data.expert} />}
    </main>
  );
}
