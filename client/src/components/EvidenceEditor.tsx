import { EVIDENCE_KINDS, type EvidenceKind } from '@refute/shared';
import { newEvidenceRow, type EvidenceRow } from '../draftForm';
import { useT } from '../i18n';

interface Props {
  rows: EvidenceRow[];
  onChange(rows: EvidenceRow[]): void;
  invalidKeys: string[];
}

export function EvidenceEditor({ rows, onChange, invalidKeys }: Props) {
  const { t, labels } = useT();

  const update = (key: string, patch: Partial<EvidenceRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  return (
    <div className="evidence-editor">
      {rows.length === 0 && <p className="muted">{t('noEvidence')}</p>}
      {rows.map((row, index) => {
        const invalid = invalidKeys.includes(row.key);
        return (
          <div key={row.key} className={`evidence-row${invalid ? ' invalid' : ''}`}>
            <span className="evidence-index">{index + 1}</span>
            <input
              className="input"
              data-testid="evidence-title"
              placeholder={t('evidenceTitle')}
              aria-label={t('evidenceTitle')}
              value={row.title}
              maxLength={300}
              aria-invalid={(invalid && !row.title.trim()) || undefined}
              onChange={(event) => update(row.key, { title: event.target.value })}
            />
            <input
              className="input"
              type="url"
              data-testid="evidence-url"
              placeholder={t('evidenceUrl')}
              aria-label={t('evidenceUrl')}
              value={row.url}
              maxLength={2048}
              aria-invalid={invalid || undefined}
              onChange={(event) => update(row.key, { url: event.target.value })}
            />
            <select
              className="input"
              data-testid="evidence-kind"
              aria-label={t('evidenceKind')}
              value={row.kind}
              onChange={(event) => update(row.key, { kind: event.target.value as EvidenceKind })}
            >
              {EVIDENCE_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {labels.evidenceKind[kind]}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => onChange(rows.filter((other) => other.key !== row.key))}
            >
              {t('evidenceRemove')}
            </button>
          </div>
        );
      })}
      {invalidKeys.length > 0 && <p className="field-error">{t('evidenceInvalid')}</p>}
      <button
        type="button"
        className="btn btn-ghost btn-small"
        data-testid="evidence-add"
        onClick={() => onChange([...rows, newEvidenceRow()])}
        disabled={rows.length >= 30}
      >
        {t('evidenceAdd')}
      </button>
    </div>
  );
}
