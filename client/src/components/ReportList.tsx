import type { CaseReport } from '@refute/shared';
import { ReportItem } from './ReportItem';

interface Props {
  reports: CaseReport[];
  /** Given when the user may move reports out into new cases. */
  onMoveOut?: (reportId: string) => void;
  busy?: boolean;
}

export function ReportList({ reports, onMoveOut, busy }: Props) {
  return (
    <ul className="report-list" data-testid="report-list">
      {reports.map((report) => (
        <ReportItem key={report.id} report={report} onMoveOut={onMoveOut} busy={busy} />
      ))}
    </ul>
  );
}
