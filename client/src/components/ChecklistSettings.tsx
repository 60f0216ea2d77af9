import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { TOPICS, type ChecklistItem, type Topic } from '@refute/shared';
import { api } from '../api';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { ErrorBanner } from './ErrorBanner';

/** The admin's editor of one topic's review checklist at a time, saved with the other settings (audited). */
export function ChecklistSettings({ checklists }: { checklists: Record<Topic, ChecklistItem[]> }) {
  const { t, labels } = useT();
  const client = useQueryClient();
  const [topic, setTopic] = useState<Topic>('health');
  const [items, setItems] = useState<ChecklistItem[]>(checklists.health);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = (next: Topic) => {
    setTopic(next);
    setItems(checklists[next]);
  };
  const change = (index: number, patch: Partial<ChecklistItem>) => setItems(items.map((item, at) => (at === index ? { ...item, ...patch } : item)));
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      client.setQueryData(queryKeys.adminSettings, await api.updateSettings({ checklists: { [topic]: items } }));
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="checklist-settings" data-testid="checklist-settings">
      <h2>{t('settingsChecklists')}</h2>
      <ErrorBanner message={error} onDismiss={() => setError(null)} />
      <div className="field">
        <label htmlFor="checklist-topic">{t('settingsChecklistTopic')}</label>
        <select id="checklist-topic" className="input" value={topic} onChange={(event) => choose(event.target.value as Topic)}>
          {TOPICS.map((option) => (
            <option key={option} value={option}>
              {labels.topic[option]}
            </option>
          ))}
        </select>
      </div>
      <ol className="checklist">
        {items.map((item, index) => (
          <li key={index} className="checkbox-row" data-testid="checklist-setting-item">
            <input className="input" aria-label={t('settingsChecklistId')} value={item.id} onChange={(event) => change(index, { id: event.target.value })} />
            <input className="input" aria-label={t('settingsChecklistZh')} value={item.label.zh} onChange={(event) => change(index, { label: { ...item.label, zh: event.target.value } })} />
            <input className="input" aria-label={t('settingsChecklistEn')} value={item.label.en} onChange={(event) => change(index, { label: { ...item.label, en: event.target.value } })} />
            <label className="checkbox">
              <input type="checkbox" checked={item.secondExpert} onChange={(event) => change(index, { secondExpert: event.target.checked })} /> {t('settingsChecklistSecond')}
            </label>
            <button type="button" className="btn" onClick={() => setItems(items.filter((_, at) => at !== index))}>
              {t('settingsChecklistRemove')}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="btn" onClick={() => setItems([...items, { id: `item_${items.length + 1}`, label: { zh: '', en: '' }, secondExpert: false }])}>
        {t('settingsChecklistAdd')}
      </button>{' '}
      <button type="button" className="btn btn-primary" data-testid="checklist-save" disabled={busy} onClick={() => void save()}>
        {busy ? t('adminSaving') : t('adminSave')}
      </button>
    </div>
  );
}
