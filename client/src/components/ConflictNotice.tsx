import type { Draft, MergeableField } from '@refute/shared';
import { relativeTime } from '../format';
import { fieldLabel, useT } from '../i18n';

interface Props {
  current: Draft;
  /** The fields both sides changed, when the server named them. */
  fields: MergeableField[];
  busy: boolean;
  onLoadLatest(): void;
  onOverwrite(): void;
}

/** Shown when a save was refused because someone else saved first; the user decides. */
export function ConflictNotice({ current, fields, busy, onLoadLatest, onOverwrite }: Props) {
  const { t, labels, lang } = useT();
  const by = current.updatedAt ? t('conflictBy', { when: relativeTime(current.updatedAt, lang) }) : '';
  return (
    <div className="banner banner-warning conflict" role="alert" data-testid="conflict-banner">
      <strong>{t('conflictTitle')}</strong>
      <p>{t('conflictBody', { n: current.version, by })}</p>
      {fields.length > 0 && (
        <p data-testid="conflict-fields">
          {t('conflictFields', { fields: fields.map((field) => fieldLabel(labels, field)).join(lang === 'zh' ? '、' : ', ') })}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn" data-testid="conflict-load-latest" onClick={onLoadLatest} disabled={busy}>
          {t('conflictLoad')}
        </button>
        <button type="button" className="btn btn-ghost" data-testid="conflict-overwrite" onClick={onOverwrite} disabled={busy}>
          {t('conflictOverwrite')}
        </button>
      </div>
    </div>
  );
}
