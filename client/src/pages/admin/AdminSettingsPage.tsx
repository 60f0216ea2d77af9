import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LANES, type AdminSettings, type Lane, type Topic } from '@refute/shared';
import { api } from '../../api';
import { AdminTabs } from '../../components/AdminTabs';
import { ChecklistSettings } from '../../components/ChecklistSettings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Notice } from '../../components/Notice';
import { RelativeTime } from '../../components/RelativeTime';
import { errorMessage } from '../../errors';
import { useT } from '../../i18n';
import { queryKeys } from '../../queries';

type OfferField = `offer_${Lane}`;
type Fields = Record<Lane | OfferField | 'joinThreshold' | 'suggestThreshold' | 'unassignedShare' | 'noDraftShare', string>;

const offerField = (lane: Lane): OfferField => `offer_${lane}`;

const fieldsOf = (settings: AdminSettings): Fields => ({
  ...(Object.fromEntries(LANES.map((lane) => [lane, String(settings.laneHours[lane])])) as Record<Lane, string>),
  joinThreshold: String(settings.matching.joinThreshold),
  suggestThreshold: String(settings.matching.suggestThreshold),
  unassignedShare: String(settings.atRisk.unassignedShare),
  noDraftShare: String(settings.atRisk.noDraftShare),
  ...(Object.fromEntries(LANES.map((lane) => [offerField(lane), String(settings.offerMinutes[lane])])) as Record<OfferField, string>),
});

const SETTING_TITLE = {
  laneHours: 'settingsLaneHours',
  matching: 'settingsMatching',
  atRisk: 'settingsAtRisk',
  offerMinutes: 'settingsOfferMinutes',
  checklists: 'settingsChecklists',
} as const;

/** Settings that were environment-only (lane deadlines, the matching bars) and routing's (at-risk points, offer times), with their changes. */
export function AdminSettingsPage() {
  const { t } = useT();
  const settings = useQuery({ queryKey: queryKeys.adminSettings, queryFn: ({ signal }) => api.adminSettings(signal) });
  return (
    <main className="page admin-page">
      <div className="page-header">
        <h1>{t('adminSettingsTitle')}</h1>
      </div>
      <AdminTabs />
      <ErrorBanner message={settings.error ? errorMessage(settings.error, t) : null} />
      {settings.data && <SettingsForm key={JSON.stringify(settings.data.history[0] ?? null)} settings={settings.data} />}
    </main>
  );
}

function SettingsForm({ settings }: { settings: AdminSettings }) {
  const { t, labels } = useT();
  const client = useQueryClient();
  const [fields, setFields] = useState<Fields>(() => fieldsOf(settings));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const { defaults } = settings;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const updated = await api.updateSettings({
        laneHours: { normal: Number(fields.normal), hot: Number(fields.hot), emergency: Number(fields.emergency) },
        matching: { joinThreshold: Number(fields.joinThreshold), suggestThreshold: Number(fields.suggestThreshold) },
        atRisk: { unassignedShare: Number(fields.unassignedShare), noDraftShare: Number(fields.noDraftShare) },
        offerMinutes: { normal: Number(fields.offer_normal), hot: Number(fields.offer_hot), emergency: Number(fields.offer_emergency) },
      });
      client.setQueryData(queryKeys.adminSettings, updated);
      setSaved(true);
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const input = (key: keyof Fields, label: string, hint: number, step: string) => (
    <div className="field" key={key}>
      <label htmlFor={`setting-${key}`}>{label}</label>
      <input
        id={`setting-${key}`}
        className="input"
        data-testid={`setting-${key}`}
        type="number"
        step={step}
        min="0"
        required
        value={fields[key]}
        onChange={(event) => setFields({ ...fields, [key]: event.target.value })}
      />
      <span className="hint">{t('settingsDefault', { value: hint })}</span>
    </div>
  );
  const describe = (setting: string, value: unknown) => {
    if (!value || typeof value !== 'object') return String(value);
    const entries = Object.entries(value as Record<string, unknown>);
    if (setting === 'checklists') return entries.map(([topic, items]) => `${labels.topic[topic as Topic] ?? topic} ${Array.isArray(items) ? items.length : 0}`).join(' · ');
    const name = (key: string) =>
      setting === 'laneHours' || setting === 'offerMinutes'
        ? (labels.lane[key as Lane] ?? key)
        : setting === 'atRisk'
          ? key === 'unassignedShare'
            ? t('settingsAtRiskUnassigned')
            : t('settingsAtRiskNoDraft')
          : key === 'joinThreshold'
            ? t('settingsJoin')
            : t('settingsSuggest');
    return entries.map(([key, item]) => `${name(key)} ${String(item)}`).join(' · ');
  };

  return (
    <div className="admin-layout">
      <section className="panel">
        <ErrorBanner message={error} onDismiss={() => setError(null)} />
        {saved && <Notice testId="settings-saved">{t('settingsSaved')}</Notice>}
        <form onSubmit={(event) => void submit(event)} data-testid="settings-form">
          <h2>{t('settingsLaneHours')}</h2>
          <div className="settings-grid">{LANES.map((lane) => input(lane, labels.lane[lane], defaults.laneHours[lane], '0.5'))}</div>
          <h2>{t('settingsMatching')}</h2>
          <div className="settings-grid">
            {input('joinThreshold', t('settingsJoin'), defaults.matching.joinThreshold, '0.01')}
            {input('suggestThreshold', t('settingsSuggest'), defaults.matching.suggestThreshold, '0.01')}
          </div>
          <h2>{t('settingsAtRisk')}</h2>
          <div className="settings-grid">
            {input('unassignedShare', t('settingsAtRiskUnassigned'), defaults.atRisk.unassignedShare, '0.05')}
            {input('noDraftShare', t('settingsAtRiskNoDraft'), defaults.atRisk.noDraftShare, '0.05')}
          </div>
          <h2>{t('settingsOfferMinutes')}</h2>
          <p className="hint">{t('settingsOfferMinutesHint')}</p>
          <div className="settings-grid">{LANES.map((lane) => input(offerField(lane), labels.lane[lane], defaults.offerMinutes[lane], '1'))}</div>
          <button type="submit" className="btn btn-primary" data-testid="settings-submit" disabled={busy}>
            {busy ? t('adminSaving') : t('adminSave')}
          </button>
        </form>
        <ChecklistSettings checklists={settings.checklists} />
      </section>
      <section className="panel">
        <h2>{t('settingsHistory')}</h2>
        {settings.history.length === 0 ? (
          <p className="muted">{t('settingsNoHistory')}</p>
        ) : (
          <ol className="history-list" data-testid="settings-history">
            {settings.history.map((change) => (
              <li key={`${change.at}-${change.setting}`}>
                <span>
                  {t('settingsChanged', {
                    name: change.actor?.name ?? t('unknownPerson'),
                    setting: t(SETTING_TITLE[change.setting as keyof typeof SETTING_TITLE] ?? 'settingsMatching'),
                  })}
                </span>
                <span className="muted">
                  {describe(change.setting, change.old)} → {describe(change.setting, change.new)}
                </span>
                <RelativeTime iso={change.at} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
