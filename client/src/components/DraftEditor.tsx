import { HEADLINE_MAX, SUMMARY_MAX } from '@refute/shared';
import type { DraftForm } from '../draftForm';
import { useT } from '../i18n';
import { EvidenceEditor } from './EvidenceEditor';
import { RebuttalEditor } from './RebuttalEditor';
import { VerdictSelect } from './VerdictSelect';

interface Props {
  form: DraftForm;
  onChange(form: DraftForm): void;
  /** Field names the server or the submit check reported as missing. */
  missing: string[];
  invalidEvidenceKeys: string[];
}

export function DraftEditor({ form, onChange, missing, invalidEvidenceKeys }: Props) {
  const { t } = useT();
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
        <RebuttalEditor
          value={form.rebuttalHtml}
          onChange={(html) => set('rebuttalHtml', html)}
          labelledBy="draft-rebuttal-label"
          invalid={isMissing('rebuttalHtml')}
        />
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
