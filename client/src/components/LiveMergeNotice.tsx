import type { MergeableField } from '@refute/shared';
import { fieldLabel, useT } from '../i18n';

interface Props {
  fields: MergeableField[];
  onTakeTheirs(): void;
}

/** Someone saved fields this editor has also changed: say which, and offer their version. */
export function LiveMergeNotice({ fields, onTakeTheirs }: Props) {
  const { t, labels, lang } = useT();
  const names = fields.map((field) => fieldLabel(labels, field)).join(lang === 'zh' ? '、' : ', ');
  return (
    <div className="banner banner-warning conflict" role="alert" data-testid="live-merge-notice">
      <strong>{t('liveMergedTitle')}</strong>
      <p>{t('liveMergedBody', { fields: names })}</p>
      <div className="actions">
        <button type="button" className="btn" data-testid="live-merge-theirs" onClick={onTakeTheirs}>
          {t('liveMergedTheirs')}
        </button>
      </div>
    </div>
  );
}
