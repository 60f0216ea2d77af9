import type { CaseHistoryEntry } from '@refute/shared';
import { actionLabel, useT } from '../i18n';
import { useUser } from '../session';
import { RelativeTime } from './RelativeTime';

export function HistoryList({ entries }: { entries: CaseHistoryEntry[] }) {
  const { t, labels } = useT();
  const user = useUser();
  if (entries.length === 0) return <p className="muted">{t('noHistory')}</p>;
  return (
    <ol className="history-list" data-testid="history-list">
      {entries.map((entry) => (
        <li key={entry.id} data-action={entry.action}>
          <span className="history-action">{actionLabel(labels, entry.action)}</span>
          {entry.actorId && (
            <span className="muted">
              {entry.actorId === user.id ? t('you') : `#${entry.actorId.slice(-6)}`}
            </span>
          )}
          <RelativeTime iso={entry.at} />
        </li>
      ))}
    </ol>
  );
}
