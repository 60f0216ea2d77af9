import { useT } from '../i18n';
import { useCasePeek } from '../useCasePeek';
import { CaseRef } from './CaseRef';

function TargetLink({ id }: { id: string }) {
  const { t } = useT();
  const target = useCasePeek(id);
  return <CaseRef id={id} title={target?.title ?? t('mergedBannerLink')} testId="merged-into-link" />;
}

/** Shown on a case that was merged away, pointing to the case that now holds its reports. */
export function MergedBanner({ mergedInto }: { mergedInto: string | null }) {
  const { t } = useT();
  return (
    <div className="banner banner-warning" data-testid="merged-banner">
      <p>
        {t('mergedBanner')} {mergedInto && <TargetLink id={mergedInto} />}
      </p>
    </div>
  );
}
