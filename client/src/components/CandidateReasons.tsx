import type { CandidateReason } from '@refute/shared';
import { useT } from '../i18n';

/** Why a candidate ranks where it does, one short phrase a reason, with its points. */
export function CandidateReasons({ reasons }: { reasons: CandidateReason[] }) {
  const { t } = useT();
  const text = (reason: CandidateReason): string => {
    switch (reason.kind) {
      case 'domain':
        return reason.fits ? t('reasonDomainFits') : t('reasonDomainMisses');
      case 'keywords':
        return t('reasonKeywords', { keywords: reason.matched.join(', ') });
      case 'region':
        return t(reason.fit === 'same' ? 'reasonRegionSame' : reason.fit === 'province' ? 'reasonRegionProvince' : reason.fit === 'none' ? 'reasonRegionNone' : 'reasonRegionUnknown');
      case 'load':
        return t('reasonLoad', { open: reason.open, capacity: reason.capacity });
      case 'availability':
        return reason.available ? t('reasonAvailable') : t('reasonOnLeave', { day: reason.until ?? '' });
      case 'on_call':
        return t('reasonOnCall');
      case 'language':
        return reason.fits ? t('reasonLanguage') : t('reasonLanguageMisses');
      case 'response':
        return reason.medianMinutes === null ? t('reasonResponseUnknown') : t('reasonResponse', { minutes: reason.medianMinutes });
    }
  };
  // Keywords nobody matched and on-call outside emergencies say nothing: left out.
  const shown = reasons.filter((reason) => !(reason.kind === 'keywords' && reason.matched.length === 0) && !(reason.kind === 'on_call' && !reason.onCall));
  return (
    <ul className="candidate-reasons" data-testid="candidate-reasons">
      {shown.map((reason) => (
        <li key={reason.kind} data-reason={reason.kind} className={reason.points < 0 ? 'negative' : reason.points === 0 ? 'neutral' : undefined}>
          {text(reason)} <span className="muted">{reason.points > 0 ? `+${reason.points}` : reason.points}</span>
        </li>
      ))}
    </ul>
  );
}
