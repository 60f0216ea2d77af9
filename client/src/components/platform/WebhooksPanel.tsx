import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { WEBHOOK_EVENT_TYPES, type WebhookEndpointView, type WebhookEndpointWithSecret, type WebhookEventType } from '@refute/shared';
import { api } from '../../api';
import { errorMessage } from '../../errors';
import { useT } from '../../i18n';
import { isHttpUrl } from '../../sanitize';
import { ErrorBanner } from '../ErrorBanner';
import { Notice } from '../Notice';
import { RelativeTime } from '../RelativeTime';
import { ListSkeleton } from '../Skeleton';

const WEBHOOKS_QUERY = ['platform', 'webhooks'] as const;
/** How often an open delivery log is read while it has deliveries still being tried. */
const LOG_REFRESH_MS = 2_000;

/** The platform's webhook endpoints for its admins: add (secret shown once), enable or disable, new secret, delivery log with replay. */
export function WebhooksPanel() {
  const { t } = useT();
  const client = useQueryClient();
  const endpoints = useQuery({ queryKey: WEBHOOKS_QUERY, queryFn: ({ signal }) => api.webhooks(signal) });
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onError = (caught: unknown) => setError(errorMessage(caught, t));
  const refresh = () => client.invalidateQueries({ queryKey: WEBHOOKS_QUERY });
  const showSecret = async (endpoint: WebhookEndpointWithSecret) => {
    setSecret(endpoint);
    setError(null);
    await refresh();
  };
  const toggle = useMutation({ mutationFn: (endpoint: WebhookEndpointView) => api.updateWebhook(endpoint.id, { enabled: !endpoint.enabled }), onSuccess: refresh, onError });
  const rotate = useMutation({ mutationFn: (id: string) => api.rotateWebhookSecret(id), onSuccess: showSecret, onError });

  return (
    <section className="panel webhooks" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t('webhooksTitle')}</h2>
      <p className="muted">{t('webhooksHint')}</p>
      <ErrorBanner message={error ?? (endpoints.error ? errorMessage(endpoints.error, t) : null)} onDismiss={() => setError(null)} />
      {secret && (
        <Notice testId="webhook-secret-issued">
          {t('webhookSecretOnce')} <code data-testid="webhook-secret">{secret.secret}</code>
        </Notice>
      )}
      <NewEndpointForm onCreated={showSecret} onError={onError} />
      {endpoints.isPending && <ListSkeleton />}
      <ul className="report-list" data-testid="webhooks">
        {endpoints.data?.items.map((endpoint) => (
          <li key={endpoint.id} className="report-row" data-testid="webhook-row" data-enabled={endpoint.enabled ? 'yes' : 'no'}>
            <p className="report-text">
              <code>{endpoint.url}</code> <span className="badge status">{endpoint.enabled ? t('webhookEnabled') : t('webhookDisabled')}</span>
            </p>
            <p className="muted">
              {endpoint.events.join(' · ')}
              {endpoint.disabledReason && <> · {endpoint.disabledReason}</>}
            </p>
            <div className="row-actions">
              <button type="button" className="btn btn-ghost" data-testid="webhook-toggle" disabled={toggle.isPending} onClick={() => toggle.mutate(endpoint)}>
                {endpoint.enabled ? t('webhookDisable') : t('webhookEnable')}
              </button>
              <button type="button" className="btn btn-ghost" data-testid="webhook-rotate" title={t('webhookRotateHint')} disabled={rotate.isPending} onClick={() => rotate.mutate(endpoint.id)}>
                {t('webhookRotate')}
              </button>
            </div>
            <DeliveryLog endpointId={endpoint.id} onError={onError} />
          </li>
        ))}
      </ul>
      {endpoints.data?.items.length === 0 && <p className="empty">{t('webhookNone')}</p>}
    </section>
  );
}

function NewEndpointForm({ onCreated, onError }: { onCreated: (endpoint: WebhookEndpointWithSecret) => Promise<void>; onError: (error: unknown) => void }) {
  const { t } = useT();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([]);
  const [invalid, setInvalid] = useState(false);
  const create = useMutation({ mutationFn: api.createWebhook, onError });
  const toggle = (event: WebhookEventType) => setEvents((current) => (current.includes(event) ? current.filter((one) => one !== event) : [...current, event]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isHttpUrl(url.trim()) || events.length === 0) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const created = await create.mutateAsync({ url: url.trim(), events }).catch(() => null);
    if (!created) return;
    setUrl('');
    setEvents([]);
    await onCreated(created);
  };

  return (
    <form className="api-key-form" onSubmit={(event) => void submit(event)} noValidate>
      {invalid && <p className="field-error" role="alert">{t('webhookInvalid')}</p>}
      <div className="field">
        <label htmlFor="webhook-url">{t('webhookUrl')}</label>
        <input id="webhook-url" className="input" type="url" data-testid="webhook-url" value={url} onChange={(event) => setUrl(event.target.value)} />
      </div>
      <fieldset className="field">
        <legend>{t('webhookEvents')}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input type="checkbox" data-testid={`webhook-event-${type}`} checked={events.includes(type)} onChange={() => toggle(type)} /> <code>{type}</code>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="btn btn-primary" data-testid="webhook-create" disabled={create.isPending}>
        {t('webhookCreate')}
      </button>
    </form>
  );
}

function DeliveryLog({ endpointId, onError }: { endpointId: string; onError: (error: unknown) => void }) {
  const { t } = useT();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const queryKey = ['platform', 'webhooks', endpointId, 'deliveries'];
  const deliveries = useQuery({
    queryKey,
    queryFn: ({ signal }) => api.webhookDeliveries(endpointId, signal),
    enabled: open,
    refetchInterval: (query) => (query.state.data?.items.some((delivery) => delivery.status === 'pending') ? LOG_REFRESH_MS : false),
  });
  const replay = useMutation({ mutationFn: (deliveryId: string) => api.replayDelivery(endpointId, deliveryId), onSuccess: () => client.invalidateQueries({ queryKey }), onError });

  return (
    <div className="delivery-log">
      <button type="button" className="btn btn-ghost" data-testid="webhook-deliveries" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('webhookHideDeliveries') : t('webhookDeliveries')}
      </button>
      {open && deliveries.data?.items.length === 0 && <p className="empty">{t('webhookNoDeliveries')}</p>}
      {open && <p className="hint">{t('webhookRetentionNote')}</p>}
      {open && (
        <ul className="report-list">
          {deliveries.data?.items.map((delivery) => (
            <li key={delivery.id} className="report-row" data-testid="webhook-delivery" data-status={delivery.status}>
              <code>{delivery.type}</code> <span className="badge status">{t(`deliveryStatus_${delivery.status}`)}</span>{' '}
              {t('deliveryAttempts', { count: delivery.attempts })}
              {delivery.lastResponseCode !== null && <> · HTTP {delivery.lastResponseCode}</>}
              {delivery.lastLatencyMs !== null && <> · {delivery.lastLatencyMs} ms</>}
              {delivery.lastError && <> · {delivery.lastError}</>}
              {delivery.nextAttemptAt && (
                <>
                  {' '}
                  · {t('deliveryNext')} <RelativeTime iso={delivery.nextAttemptAt} />
                </>
              )}{' '}
              {delivery.status !== 'pending' && (
                <button type="button" className="btn btn-ghost" data-testid="webhook-replay" disabled={replay.isPending} onClick={() => replay.mutate(delivery.id)}>
                  {t('deliveryReplay')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
