import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { EXPERT_AVAILABILITY_FILTERS, EXPERT_LOAD_FILTERS, TOPICS, type ExpertListQuery, type ExpertProfileInput, type ExpertView } from '@refute/shared';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { ExpertForm } from '../components/ExpertForm';
import { ExpertImport } from '../components/ExpertImport';
import { Notice } from '../components/Notice';
import { RegionPicker } from '../components/RegionPicker';
import { ListSkeleton } from '../components/Skeleton';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { regionLabel, useRegions } from '../regions';

const AVAILABILITY_LABEL = { now: 'expertsAvailableNow', away: 'expertsAway' } as const;
const LOAD_LABEL = { free: 'expertsLoadFree', full: 'expertsLoadFull' } as const;

/** The expert pool (专家库) for leads and admins: find experts, edit their profiles, import a CSV. */
export function ExpertsPage() {
  const { t, lang, labels } = useT();
  const client = useQueryClient();
  const regions = useRegions();
  const [filters, setFilters] = useState<ExpertListQuery>({});
  const [editing, setEditing] = useState<{ userId: string; name: string; expert: ExpertView | null } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const pool = useQuery({ queryKey: queryKeys.experts(filters), queryFn: ({ signal }) => api.experts(filters, signal) });
  const save = useMutation({
    mutationFn: ({ userId, profile }: { userId: string; profile: ExpertProfileInput }) => api.saveExpert(userId, profile),
    onSuccess: ({ expert }) => {
      setSaved(expert.name);
      setEditing(null);
      return client.invalidateQueries({ queryKey: queryKeys.allExperts });
    },
  });
  const set = (patch: Partial<ExpertListQuery>) => setFilters((current) => Object.fromEntries(Object.entries({ ...current, ...patch }).filter(([, value]) => value)));
  const items = pool.data?.items ?? [];

  return (
    <main className="page admin-page" data-testid="experts-page">
      <div className="page-header">
        <h1>{t('expertsTitle')}</h1>
        {pool.data && <span className="muted">{t('expertsCount', { count: items.length })}</span>}
      </div>
      <div className="expert-filters" role="search">
        <label>
          {t('expertsSearch')}{' '}
          <input className="input" data-testid="experts-search" placeholder={t('expertsSearchPlaceholder')} value={filters.q ?? ''} onChange={(event) => set({ q: event.target.value })} />
        </label>
        <label>
          {t('expertsDomain')}{' '}
          <select className="input" data-testid="experts-domain" value={filters.domain ?? ''} onChange={(event) => set({ domain: (event.target.value || undefined) as ExpertListQuery['domain'] })}>
            <option value="">{t('filterAll')}</option>
            {TOPICS.map((topic) => (
              <option key={topic} value={topic}>
                {labels.topic[topic]}
              </option>
            ))}
          </select>
        </label>
        <div>
          <span className="label">{t('expertsRegion')}</span>
          <RegionPicker id="experts-region" testId="experts-region" depth="prefecture" value={filters.region ?? ''} onChange={(code) => set({ region: code || undefined })} />
        </div>
        <label>
          {t('expertsAvailability')}{' '}
          <select className="input" data-testid="experts-availability" value={filters.availability ?? ''} onChange={(event) => set({ availability: (event.target.value || undefined) as ExpertListQuery['availability'] })}>
            <option value="">{t('filterAll')}</option>
            {EXPERT_AVAILABILITY_FILTERS.map((value) => (
              <option key={value} value={value}>
                {t(AVAILABILITY_LABEL[value])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('expertsLoad')}{' '}
          <select className="input" data-testid="experts-load" value={filters.load ?? ''} onChange={(event) => set({ load: (event.target.value || undefined) as ExpertListQuery['load'] })}>
            <option value="">{t('filterAll')}</option>
            {EXPERT_LOAD_FILTERS.map((value) => (
              <option key={value} value={value}>
                {t(LOAD_LABEL[value])}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner message={pool.error ? errorMessage(pool.error, t) : null} onRetry={() => void pool.refetch()} />
      {saved && <Notice testId="expert-saved">{t('expertSaved', { name: saved })}</Notice>}
      <div className="experts-layout">
        <section className="panel experts-list">
          {pool.isPending && <ListSkeleton rows={4} />}
          {pool.isSuccess && items.length === 0 && <p className="muted">{t('expertsNone')}</p>}
          {items.length > 0 && (
            <table className="admin-table" data-testid="experts-table">
              <thead>
                <tr>
                  <th>{t('expertName')}</th>
                  <th>{t('expertDomains')}</th>
                  <th>{t('expertsRegion')}</th>
                  <th>{t('expertsLoad')}</th>
                  <th>{t('expertsAvailability')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((expert) => (
                  <tr key={expert.userId} data-testid="expert-row" data-user-id={expert.userId}>
                    <td>
                      {expert.name}
                      <div className="muted">{[expert.title, expert.orgName?.[lang]].filter(Boolean).join(' · ')}</div>
                      {expert.keywords.length > 0 && <div className="muted">{expert.keywords.join(', ')}</div>}
                    </td>
                    <td>{expert.domains.map((domain) => labels.topic[domain]).join('、')}</td>
                    <td>{regionLabel(regions, expert.region, lang)}</td>
                    <td className={expert.openCases >= expert.capacity ? 'load-full' : undefined}>{t('expertLoad', { open: expert.openCases, capacity: expert.capacity })}</td>
                    <td>
                      {expert.availableNow ? t('expertsAvailableNow') : t('expertLeaveUntil', { day: expert.onLeaveUntil ?? '' })}
                      {expert.onCall && <div className="badge">{t('expertOnCall')}</div>}
                      {expert.directAssignment && <div className="badge">{t('expertDirectAssignment')}</div>}
                      {expert.medianResponseMinutes !== null && <div className="muted">{t('expertMedianResponse', { minutes: Math.round(expert.medianResponseMinutes) })}</div>}
                    </td>
                    <td>
                      <button type="button" className="btn btn-small btn-ghost" data-testid="expert-edit" onClick={() => setEditing({ userId: expert.userId, name: expert.name, expert })}>
                        {t('expertEdit')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <div className="experts-side">
          <section className="panel">
            {editing ? (
              <>
                <ErrorBanner message={save.error ? errorMessage(save.error, t) : null} onDismiss={() => save.reset()} />
                <ExpertForm
                  key={editing.userId}
                  expert={editing.expert}
                  name={editing.name}
                  busy={save.isPending}
                  onSave={(profile) => save.mutate({ userId: editing.userId, profile })}
                  onCancel={() => setEditing(null)}
                />
              </>
            ) : (
              <label>
                {t('expertNew')}{' '}
                <select
                  className="input"
                  data-testid="expert-new"
                  value=""
                  onChange={(event) => {
                    const person = pool.data?.withoutProfile.find((candidate) => candidate.id === event.target.value);
                    if (person) setEditing({ userId: person.id, name: person.name, expert: null });
                  }}
                >
                  <option value="">{t('expertChoosePerson')}</option>
                  {(pool.data?.withoutProfile ?? []).map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name} ({person.email})
                    </option>
                  ))}
                </select>
              </label>
            )}
          </section>
          <ExpertImport />
        </div>
      </div>
    </main>
  );
}
