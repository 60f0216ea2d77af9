import type { CaseReport } from '@refute/shared';
import { useT } from '../i18n';
import { isHttpUrl } from '../sanitize';
import { RelativeTime } from './RelativeTime';

export function ReportList({ reports }: { reports: CaseReport[] }) {
  const { t } = useT();
  return (
    <ul className="report-list" data-testid="report-list">
      {reports.map((report) => (
        <li key={report.id} className="report" data-testid="case-report">
          <p className="report-text" lang={report.language === 'zh' ? 'zh-CN' : 'en'}>
            {report.text}
          </p>
          <div className="meta">
            <span title={t('platform')}>{report.platformId}</span>
            {report.region && <span title={t('region')}>{report.region}</span>}
            <RelativeTime iso={report.reportedAt} />
            {report.url && isHttpUrl(report.url) && (
              <a href={report.url} target="_blank" rel="noopener noreferrer nofollow">
                {t('source')}
              </a>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
