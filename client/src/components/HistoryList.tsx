import type { CaseHistoryEntry, LocalizedName } from '@refute/shared';
import { actionLabel, useT } from '../i18n';
import { useUser } from '../session';
import { RelativeTime } from './RelativeTime';

/** Who did what to the case, by name: a person, a platform's system, or Refute itself. */
export function HistoryList({ entries, people, platforms }: { entries: CaseHistoryEntry[]; people: Record<string, string>; platforms: Record<string, LocalizedName> }) {
  const { t, lang, labels } = useT();
  const user = useUser();
  if (entries.length === 0) return <p className="muted">{t('noHistory')}</p>;
  return (
    <ol className="history-list" data-testid="history-list">
      {entries.map((entry) => (
        <li key={entry.id} data-action={entry.action}>
          <span className="history-action">{actionLabel(labels, entry.action)}</span>
          <span className="muted">
            {entry.actorKind === 'api_key'
              ? ((entry.actorOrgId && platforms[entry.actorOrgId]?.[lang]) || t('actorPlatformSystem'))
              : entry.actorKind === 'system' || !entry.actorId
                ? t('actorRefute')
                : entry.actorId === user.id
                  ? t('you')
                  : (people[entry.actorId] ?? t('unknownPerson'))}
          </span>
          <RelativeTime iso={entry.at} />
        </li>
      ))}
    </ol>
  );
}
