import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { hasRole, NOTIFICATION_KINDS, type NotificationKind, type NotificationPreferences } from '@refute/shared';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { errorMessage } from '../errors';
import { useT, type MessageKey } from '../i18n';
import { queryKeys } from '../queries';
import { useUser } from '../session';

/** Kinds only some people can get: only they are offered the switch. */
const ONLY_FOR_ADMINS: readonly NotificationKind[] = ['webhook_disabled'];

const KIND_LABEL = {
  mention: 'notifKindMention',
  assigned: 'notifKindAssigned',
  reports_changed: 'notifKindReportsChanged',
  reopened: 'notifKindReopened',
  submitted: 'notifKindSubmitted',
  returned: 'notifKindReturned',
  approved: 'notifKindApproved',
  hotspot: 'notifKindHotspot',
  webhook_disabled: 'notifKindWebhookDisabled',
  at_risk_unassigned: 'notifKindAtRiskUnassigned',
  at_risk_no_draft: 'notifKindAtRiskNoDraft',
  escalated: 'notifKindEscalated',
  deadline_missed: 'notifKindDeadlineMissed',
  page_unacknowledged: 'notifKindPageUnacknowledged',
  offered: 'notifKindOffered',
} as const satisfies Record<NotificationKind, MessageKey>;

/** The signed-in person's choice of notifications: one switch per kind, saved together. */
export function NotificationSettingsPage() {
  const { t } = useT();
  const user = useUser();
  const kinds = NOTIFICATION_KINDS.filter((kind) => !ONLY_FOR_ADMINS.includes(kind) || hasRole(user.roles, 'admin'));
  const client = useQueryClient();
  const stored = useQuery({ queryKey: queryKeys.notificationPreferences, queryFn: ({ signal }) => api.notificationPreferences(signal) });
  const [muted, setMuted] = useState<Set<NotificationKind> | null>(null);
  useEffect(() => {
    if (stored.data && muted === null) setMuted(new Set(stored.data.muted));
  }, [stored.data, muted]);
  const save = useMutation({
    mutationFn: (preferences: NotificationPreferences) => api.saveNotificationPreferences(preferences),
    onSuccess: (saved) => client.setQueryData(queryKeys.notificationPreferences, saved),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (muted) save.mutate({ muted: [...muted] });
  };
  const toggle = (kind: NotificationKind, on: boolean) => {
    setMuted((current) => {
      const next = new Set(current);
      if (on) next.delete(kind);
      else next.add(kind);
      return next;
    });
    save.reset();
  };

  return (
    <main className="page" data-testid="notification-settings">
      <h1>{t('notifSettingsTitle')}</h1>
      <p className="muted">{t('notifSettingsIntro')}</p>
      <ErrorBanner message={stored.error ? errorMessage(stored.error, t) : null} onRetry={() => void stored.refetch()} />
      {muted && (
        <form onSubmit={onSubmit}>
          <fieldset className="settings-list">
            <legend className="visually-hidden">{t('notifSettingsTitle')}</legend>
            {kinds.map((kind) => (
              <label key={kind} className="settings-row">
                <input type="checkbox" name={kind} checked={!muted.has(kind)} onChange={(event) => toggle(kind, event.target.checked)} />
                {t(KIND_LABEL[kind])}
              </label>
            ))}
          </fieldset>
          <ErrorBanner message={save.error ? errorMessage(save.error, t) : null} onDismiss={() => save.reset()} />
          <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="notification-settings-save">
            {t('notifSettingsSave')}
          </button>
          {save.isSuccess && (
            <span role="status" className="muted">
              {' '}
              {t('notifSettingsSaved')}
            </span>
          )}
        </form>
      )}
    </main>
  );
}
