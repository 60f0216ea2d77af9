import type { CaseReport, LocalizedName } from '@refute/shared';
import { useT } from '../i18n';
import { regionLabel, useRegions } from '../regions';
import { isHttpUrl } from '../sanitize';
import { AskFirstButton } from './AskFirstButton';
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
          <AskFirstButton
            question={t('confirmNotSameClaim')}
            onConfirm={() => onNotSameClaim(report.id)}
            testId="not-same-claim-button"
            title={t('notSameClaimHint')}
            disabled={busy}
          >
            {t('notSameClaim')}
          </AskFirstButton>
        )}
        {onMoveOut && (
          <AskFirstButton
            question={t('confirmMoveOut')}
            onConfirm={() => onMoveOut(report.id)}
            testId="move-out-button"
            className="btn btn-ghost btn-small report-move-out"
            title={t('moveOutHint')}
            disabled={busy}
          >
            {t('moveOut')}
          </AskFirstButton>
        )}
      </div>
    </li>
  );
}
