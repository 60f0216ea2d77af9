import { useState, type FormEvent } from 'react';
import { LANGUAGES, TOPICS, type ExpertProfileInput, type ExpertView, type Language, type Topic } from '@refute/shared';
import { useT } from '../i18n';
import { LeaveEditor } from './LeaveEditor';
import { RegionPicker } from './RegionPicker';

interface Props {
  /** The profile to edit; none for a new one. */
  expert: ExpertView | null;
  name: string;
  busy: boolean;
  onSave: (profile: ExpertProfileInput) => void;
  onCancel: () => void;
}

const LANGUAGE_NAMES: Record<Language, string> = { zh: '中文', en: 'English' };

/** Everything a lead sets on an expert's profile. */
export function ExpertForm({ expert, name, busy, onSave, onCancel }: Props) {
  const { t, labels } = useT();
  const [domains, setDomains] = useState<Topic[]>(expert?.domains ?? []);
  const [keywords, setKeywords] = useState((expert?.keywords ?? []).join(', '));
  const [title, setTitle] = useState(expert?.title ?? '');
  const [credentials, setCredentials] = useState(expert?.credentials ?? '');
  const [region, setRegion] = useState(expert?.region ?? '');
  const [languages, setLanguages] = useState<Language[]>(expert?.languages ?? ['zh']);
  const [capacity, setCapacity] = useState(expert?.capacity ?? 3);
  const [onCall, setOnCall] = useState(expert?.onCall ?? false);
  const [directAssignment, setDirectAssignment] = useState(expert?.directAssignment ?? false);
  const [leave, setLeave] = useState(expert?.leave ?? []);
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((other) => other !== item));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({
      domains,
      keywords: keywords.split(/[,，;；]/).map((word) => word.trim()).filter(Boolean),
      title,
      credentials,
      region,
      languages,
      capacity,
      onCall,
      directAssignment,
      leave,
    });
  };

  return (
    <form onSubmit={submit} data-testid="expert-form" className="expert-form">
      <h2>{name}</h2>
      <fieldset className="field">
        <legend className="label">{t('expertDomains')}</legend>
        <div className="checkbox-row">
          {TOPICS.map((topic) => (
            <label key={topic}>
              <input type="checkbox" data-testid={`expert-domain-${topic}`} checked={domains.includes(topic)} onChange={(event) => setDomains(toggle(domains, topic, event.target.checked))} />{' '}
              {labels.topic[topic]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="expert-keywords">{t('expertKeywords')}</label>
        <input id="expert-keywords" className="input" placeholder={t('expertKeywordsHint')} value={keywords} onChange={(event) => setKeywords(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="expert-title">{t('expertTitle')}</label>
        <input id="expert-title" className="input" maxLength={120} value={title} onChange={(event) => setTitle(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="expert-credentials">{t('expertCredentials')}</label>
        <textarea id="expert-credentials" className="input" maxLength={1000} rows={2} value={credentials} onChange={(event) => setCredentials(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="expert-region">{t('expertsRegion')}</label>
        <RegionPicker id="expert-region" testId="expert-region" depth="county" value={region} onChange={setRegion} />
      </div>
      <fieldset className="field">
        <legend className="label">{t('expertLanguages')}</legend>
        <div className="checkbox-row">
          {LANGUAGES.map((language) => (
            <label key={language}>
              <input type="checkbox" checked={languages.includes(language)} onChange={(event) => setLanguages(toggle(languages, language, event.target.checked))} /> {LANGUAGE_NAMES[language]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="expert-capacity">{t('expertCapacity')}</label>
        <input id="expert-capacity" type="number" className="input" min={1} max={50} required value={capacity} onChange={(event) => setCapacity(Number(event.target.value))} />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" data-testid="expert-on-call" checked={onCall} onChange={(event) => setOnCall(event.target.checked)} /> {t('expertOnCall')}
        </label>
      </div>
      <div className="field">
        <label>
          <input type="checkbox" data-testid="expert-direct" checked={directAssignment} onChange={(event) => setDirectAssignment(event.target.checked)} />{' '}
          {t('expertDirectAssignment')}
        </label>
      </div>
      <fieldset className="field">
        <legend className="label">{t('expertLeave')}</legend>
        <LeaveEditor idPrefix="expert" value={leave} onChange={setLeave} />
      </fieldset>
      <button type="submit" className="btn btn-primary" data-testid="expert-save" disabled={busy || domains.length === 0 || languages.length === 0 || !region}>
        {busy ? t('adminSaving') : t('adminSave')}
      </button>{' '}
      <button type="button" className="btn btn-ghost" onClick={onCancel}>
        {t('adminCancel')}
      </button>
    </form>
  );
}
