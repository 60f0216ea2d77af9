import type { CaseReport, LocalizedName } from '@refute/shared';
import { ReportItem } from './ReportItem';

interface Props {
  reports: CaseReport[];
  /** Platform names by organisation id. */
  platforms: Record<string, LocalizedName>;
  /** Given when the user may move reports out into new cases. */
  onMoveOut?: (reportId: string) => void;
  /** Given when the user may mark reports as not the case's claim. */
  onNotSameClaim?: (reportId: string) => void;
  busy?: boolean;
}

export function ReportList({ reports, platforms, onMoveOut, onNotSameClaim, busy }: Props) {
  return (
    <ul className="report-list" data-testid="report-list">
      {reports.map((report) => (
        <ReportItem key={report.id} report={report} platform={platforms[report.platformId]} onMoveOut={onMoveOut} onNotSameClaim={onNotSameClaim} busy={busy} />
      ))}
    </ul>
  );
}
