import type { CaseReport, LocalizedName } from '@refute/shared';
import { useT } from '../i18n';
import { regionLabel, useRegions } from '../regions';
import { isHttpUrl } from '../sanitize';
import { MatchDecision } from './MatchDecision';
import { RelativeTime } from './RelativeTime';

interface Props {
  report: CaseReport;
  platform: LocalizedName | undefined;
  /** Given when the user may move this report out into a new case. */
  onMoveOut?: (reportId: string) => void;
  /** Given when the user may mark this report as not stating the case's claim. */
  onNotSameClaim?: (reportId: string) => void;
  busy?: boolean;
}

export function ReportItem({ report, platform, onMoveOut, onNotSameClaim, busy }: Props) {
  const { t, lang } = useT();
  const regions = useRegions();
  const moveOut = () => {
    if (onMoveOut && window.confirm(t('confirmMoveOut'))) onMoveOut(report.id);
  };
  const markNotSameClaim = () => {
    if (onNotSameClaim && window.confirm(t('confirmNotSameClaim'))) onNotSameClaim(report.id);
  };
  return (
    <li className="report" data-testid="case-report" data-report-id={report.id}>
      <p className="report-text" lang={report.language === 'zh' ? 'zh-CN' : 'en'}>
        {report.text}
      </p>
      <div className="meta">
        <span title={t('platform')}>{platform?.[lang] || t('unknownPlatform')}</span>
        {report.region && (
          <span title={t('region')} data-testid="report-region-name">
            {regionLabel(regions, report.region, lang)}
          </span>
        )}
        <RelativeTime iso={report.reportedAt} />
        {report.url && isHttpUrl(report.url) && (
          <a href={report.url} target="_blank" rel="noopener noreferrer nofollow">
            {t('source')}
          </a>
        )}
        {report.match && <MatchDecision match={report.match} />}
        {report.notSameClaim && (
          <span className="badge not-same-claim" data-testid="not-same-claim-mark" title={t('notSameClaimMarkedHint')}>
            {t('notSameClaimMarked')}
          </span>
        )}
        {onNotSameClaim && !report.notSameClaim && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            data-testid="not-same-claim-button"
            title={t('notSameClaimHint')}
            onClick={markNotSameClaim}
            disabled={busy}
          >
            {t('notSameClaim')}
          </button>
        )}
        {onMoveOut && (
          <button
            type="button"
            className="btn btn-ghost btn-small report-move-out"
            data-testid="move-out-button"
            title={t('moveOutHint')}
            onClick={moveOut}
            disabled={busy}
          >
            {t('moveOut')}
          </button>
        )}
      </div>
    </li>
  );
}
