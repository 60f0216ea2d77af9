import type { CaseStatus, Lane, Verdict } from '@refute/shared';
import { useT } from '../i18n';

export function LaneBadge({ lane }: { lane: Lane }) {
  const { labels } = useT();
  return <span className={`badge lane lane-${lane}`}>{labels.lane[lane]}</span>;
}

export function StatusBadge({ status, testId }: { status: CaseStatus; testId?: string }) {
  const { labels } = useT();
  return (
    <span className={`badge status status-${status}`} data-testid={testId} data-status={status}>
      {labels.status[status]}
    </span>
  );
}

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const { labels } = useT();
  return (
    <span className={`badge verdict verdict-${verdict}`} data-verdict={verdict}>
      {labels.verdict[verdict]}
    </span>
  );
}
