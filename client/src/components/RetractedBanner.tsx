import type { CaseDetail } from '@refute/shared';
import { absoluteTime } from '../format';
import { useT } from '../i18n';

/** Shown on a case whose published verdict a lead retracted: when, why, and the public notice. */
export function RetractedBanner({ retraction }: { retraction: NonNullable<CaseDetail['retraction']> }) {
  const { t, lang } = useT();
  return (
    <div className="banner banner-error" data-testid="retracted-banner" role="status">
      <strong>{t('retractedBannerTitle', { date: absoluteTime(retraction.retractedAt, lang) })}</strong>
      <p className="pre-wrap" data-testid="retracted-reason">
        {retraction.reason}
      </p>
      <p>
        <a href={`/r/${encodeURIComponent(retraction.slug)}`} target="_blank" rel="noopener noreferrer" data-testid="retraction-link">
          {t('retractedBannerLink')}
        </a>
      </p>
    </div>
  );
}
