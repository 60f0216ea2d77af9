import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API_KEY_DEFAULT_PER_MINUTE, API_KEY_SCOPES, type ApiKeyScope, type ApiKeyView, type ApiKeyWithSecret } from '@refute/shared';
import { api } from '../../api';
import { errorMessage } from '../../errors';
import { useT } from '../../i18n';
import { ErrorBanner } from '../ErrorBanner';
import { Notice } from '../Notice';
import { RelativeTime } from '../RelativeTime';
import { ListSkeleton } from '../Skeleton';

const SCOPE_LABELS = {
  'claims:write': 'scope_claims_write',
  'claims:read': 'scope_claims_read',
  'match:read': 'scope_match_read',
  'feed:read': 'scope_feed_read',
  'webhooks:manage': 'scope_webhooks_manage',
} as const satisfies Record<ApiKeyScope, string>;

/** Grace periods offered when a key is rotated, in hours (0: the old key stops at once). */
const GRACE_HOURS = [0, 1, 24, 72, 168];
const KEYS_QUERY = ['platform', 'apiKeys'] as const;

/** The platform's API keys for its admins: create (shown once), see when each was used, rotate, revoke. */
export function ApiKeysPanel() {
  const { t } = useT();
  const client = useQueryClient();
  const keys = useQuery({ queryKey: KEYS_QUERY, queryFn: ({ signal }) => api.apiKeys(signal) });
  const [issued, setIssued] = useState<ApiKeyWithSecret | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onError = (caught: unknown) => setError(errorMessage(caught, t));
  const onIssued = async (key: ApiKeyWithSecret) => {
    setIssued(key);
    setError(null);
    await client.invalidateQueries({ queryKey: KEYS_QUERY });
  };
  const rotate = useMutation({ mutationFn: ({ id, graceHours }: { id: string; graceHours: number }) => api.rotateApiKey(id, graceHours), onSuccess: onIssued, onError });
  const revoke = useMutation({ mutationFn: (id: string) => api.revokeApiKey(id), onSuccess: () => client.invalidateQueries({ queryKey: KEYS_QUERY }), onError });

  return (
    <section className="panel api-keys" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">{t('apiKeysTitle')}</h2>
      <p className="muted">{t('apiKeysHint')}</p>
      <ErrorBanner message={error ?? (keys.error ? errorMessage(keys.error, t) : null)} onDismiss={() => setError(null)} />
      {issued && (
        <Notice testId="api-key-issued">
          {t('apiKeyShownOnce')} <code data-testid="api-key-secret">{issued.key}</code>
        </Notice>
      )}
      <NewKeyForm onIssued={onIssued} onError={onError} />
      {keys.isPending && <ListSkeleton />}
      <ul className="report-list" data-testid="api-keys">
        {keys.data?.items.map((key) => (
          <ApiKeyRow
            key={key.id}
            apiKey={key}
            busy={rotate.isPending || revoke.isPending}
            onRotate={(graceHours) => rotate.mutate({ id: key.id, graceHours })}
            onRevoke={() => {
              if (window.confirm(t('apiKeyConfirmRevoke', { label: key.label }))) revoke.mutate(key.id);
            }}
          />
        ))}
      </ul>
      {keys.data?.items.length === 0 && <p className="empty">{t('apiKeyNone')}</p>}
    </section>
  );
}

function NewKeyForm({ onIssued, onError }: { onIssued: (key: ApiKeyWithSecret) => Promise<void>; onError: (error: unknown) => void }) {
  const { t } = useT();
  const [label, setLabel] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>([]);
  const [perMinute, setPerMinute] = useState(String(API_KEY_DEFAULT_PER_MINUTE));
  const [invalid, setInvalid] = useState(false);
  const create = useMutation({ mutationFn: api.createApiKey, onError });
  const toggle = (scope: ApiKeyScope) => setScopes((current) => (current.includes(scope) ? current.filter((one) => one !== scope) : [...current, scope]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const limit = Number(perMinute);
    if (!label.trim() || scopes.length === 0 || !Number.isInteger(limit) || limit < 1) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    const issued = await create.mutateAsync({ label: label.trim(), scopes, perMinute: limit }).catch(() => null);
    if (!issued) return;
    setLabel('');
    setScopes([]);
    await onIssued(issued);
  };

  return (
    <form className="api-key-form" onSubmit={(event) => void submit(event)} noValidate>
      {invalid && <p className="field-error" role="alert">{t('apiKeyInvalid')}</p>}
      <div className="field">
        <label htmlFor="api-key-label">{t('apiKeyLabel')}</label>
        <input id="api-key-label" className="input" maxLength={80} data-testid="api-key-label" value={label} onChange={(event) => setLabel(event.target.value)} />
      </div>
      <fieldset className="field">
        <legend>{t('apiKeyScopes')}</legend>
        {API_KEY_SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input type="checkbox" data-testid={`api-key-scope-${scope}`} checked={scopes.includes(scope)} onChange={() => toggle(scope)} /> {t(SCOPE_LABELS[scope])}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="api-key-per-minute">{t('apiKeyPerMinute')}</label>
        <input id="api-key-per-minute" className="input" inputMode="numeric" data-testid="api-key-per-minute" value={perMinute} onChange={(event) => setPerMinute(event.target.value)} />
      </div>
      <button type="submit" className="btn btn-primary" data-testid="api-key-create" disabled={create.isPending}>
        {t('apiKeyCreate')}
      </button>
    </form>
  );
}

function ApiKeyRow({ apiKey, busy, onRotate, onRevoke }: { apiKey: ApiKeyView; busy: boolean; onRotate: (graceHours: number) => void; onRevoke: () => void }) {
  const { t } = useT();
  const [graceHours, setGraceHours] = useState(24);
  const usable = !apiKey.revokedAt && !apiKey.expiresAt;
  const state = apiKey.revokedAt ? 'revoked' : apiKey.expiresAt ? 'rotated' : 'active';
  return (
    <li className="report-row" data-testid="api-key-row" data-state={state} data-prefix={apiKey.prefix}>
      <p className="report-text">
        <strong>{apiKey.label}</strong> <code>rf_{apiKey.prefix}_…</code>{' '}
        <span className="badge status">{apiKey.revokedAt ? t('apiKeyRevoked') : t('apiKeyActive')}</span>
      </p>
      <p className="muted">
        {apiKey.scopes.map((scope) => t(SCOPE_LABELS[scope])).join(' · ')} · {apiKey.perMinute} / min
      </p>
      <p className="muted">
        {t('apiKeyCreated')} <RelativeTime iso={apiKey.createdAt} /> · {t('apiKeyLastUsed')}{' '}
        <span data-testid="api-key-last-used" data-used={apiKey.lastUsedAt ? 'yes' : 'no'}>{apiKey.lastUsedAt ? <RelativeTime iso={apiKey.lastUsedAt} /> : t('apiKeyNeverUsed')}</span>
        {apiKey.expiresAt && !apiKey.revokedAt && (
          <>
            {' '}
            · {t('apiKeyExpires')} <RelativeTime iso={apiKey.expiresAt} />
          </>
        )}
      </p>
      {usable && (
        <div className="row-actions">
          <label>
            <span>{t('apiKeyGrace')}</span>{' '}
            <select className="input" data-testid="api-key-grace" value={graceHours} onChange={(event) => setGraceHours(Number(event.target.value))}>
              {GRACE_HOURS.map((hours) => (
                <option key={hours} value={hours}>
                  {hours === 0 ? t('apiKeyGraceNone') : t('apiKeyGraceHours', { count: hours })}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="button" className="btn btn-ghost" data-testid="api-key-rotate" disabled={busy} onClick={() => onRotate(graceHours)}>
            {t('apiKeyRotate')}
          </button>{' '}
          <button type="button" className="btn btn-danger-ghost" data-testid="api-key-revoke" disabled={busy} onClick={onRevoke}>
            {t('apiKeyRevoke')}
          </button>
        </div>
      )}
    </li>
  );
}
