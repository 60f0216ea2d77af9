import { useEffect } from 'react';
import { HEADLINE_MAX, SUMMARY_MAX, type SessionUser } from '@refute/shared';
import { useRebuttalProvider } from '../coediting/useRebuttalProvider';
import type { DraftForm } from '../draftForm';
import { useT } from '../i18n';
import { EvidenceEditor } from './EvidenceEditor';
import { RebuttalEditor } from './RebuttalEditor';
import { VerdictSelect } from './VerdictSelect';

interface Props {
  caseId: string;
  user: SessionUser;
  /** The rebuttal as last saved: the first content of a document nobody has co-edited yet. */
  savedRebuttal: string;
  /** People in the case now; cursors of others are dropped when they leave. */
  presentUserIds: string[];
  form: DraftForm;
  onChange(form: DraftForm): void;
  onRebuttalChange(html: string): void;
  /** Whether the rebuttal editor holds the whole shared document (saving waits for it). */
  onRebuttalSynced(synced: boolean): void;
  /** Field names the server or the submit check reported as missing. */
  missing: string[];
  invalidEvidenceKeys: string[];
}

export function DraftEditor({ caseId, user, savedRebuttal, presentUserIds, form, onChange, onRebuttalChange, onRebuttalSynced, missing, invalidEvidenceKeys }: Props) {
  const { t } = useT();
  const { provider, syncState } = useRebuttalProvider(caseId, { id: user.id, name: user.name }, savedRebuttal);
  // Compared by content: the list is a new array on every render.
  const presentKey = presentUserIds.join(',');
  useEffect(() => provider?.keepCursorsOf(presentKey ? presentKey.split(',') : []), [provider, presentKey]);
  useEffect(() => {
    onRebuttalSynced(syncState === 'synced');
    return () => onRebuttalSynced(true);
  }, [syncState, onRebuttalSynced]);
  const set = <K extends keyof DraftForm>(key: K, value: DraftForm[K]) => onChange({ ...form, [key]: value });
  const isMissing = (field: string) => missing.includes(field);

  return (
    <div className="draft-editor">
      <div className="field">
        <label htmlFor="draft-verdict">{t('verdict')}</label>
        <VerdictSelect
          id="draft-verdict"
          value={form.verdict}
          onChange={(verdict) => set('verdict', verdict)}
          invalid={isMissing('verdict')}
        />
      </div>

      <div className="field">
        <label htmlFor="draft-headline">{t('headline')}</label>
        <input
          id="draft-headline"
          className="input"
          data-testid="headline-input"
          value={form.headline}
          maxLength={HEADLINE_MAX}
          placeholder={t('headlinePlaceholder')}
          aria-invalid={isMissing('headline') || undefined}
          onChange={(event) => set('headline', event.target.value)}
        />
        <span className="counter">
          {form.headline.length}/{HEADLINE_MAX}
        </span>
      </div>

      <div className="field">
        <label htmlFor="draft-summary">{t('summary')}</label>
        <textarea
          id="draft-summary"
          className="input"
          data-testid="summary-input"
          rows={3}
          value={form.summary}
          maxLength={SUMMARY_MAX}
          aria-invalid={isMissing('summary') || undefined}
          aria-describedby="draft-summary-hint"
          onChange={(event) => set('summary', event.target.value)}
        />
        <span className="hint" id="draft-summary-hint">
          {t('summaryHint')}
        </span>
        <span className="counter">
          {form.summary.length}/{SUMMARY_MAX}
        </span>
      </div>

      <div className="field">
        <span className="label" id="draft-rebuttal-label">
          {t('rebuttal')}
        </span>
        {provider && (
          <RebuttalEditor
            provider={provider}
            syncState={syncState}
            onChange={onRebuttalChange}
            labelledBy="draft-rebuttal-label"
            invalid={isMissing('rebuttalHtml')}
          />
        )}
      </div>

      <div className="field">
        <span className="label">{t('evidence')}</span>
        <EvidenceEditor
          rows={form.evidence}
          onChange={(evidence) => set('evidence', evidence)}
          invalidKeys={invalidEvidenceKeys}
        />
      </div>
    </div>
  );
}
