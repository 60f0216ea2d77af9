import type { CaseStatus } from '@refute/shared';
import { absoluteTime, relativeTime } from '../format';
import { useT } from '../i18n';
import { useNow } from '../useNow';

/** Time left to the response deadline; overdue open work is flagged. */
export function Deadline({ iso, status }: { iso: string; status: CaseStatus }) {
  const { t, lang } = useT();
  const now = useNow();
  const when = relativeTime(iso, lang, now);
  const done = status === 'published' || status === 'merged' || status === 'retracted';
  const overdue = !done && new Date(iso).getTime() < now;
  const soon = !done && !overdue && new Date(iso).getTime() - now < 2 * 3_600_000;
  return (
    <time
      dateTime={iso}
      title={absoluteTime(iso, lang)}
      className={`deadline${overdue ? ' overdue' : ''}${soon ? ' soon' : ''}${done ? ' done' : ''}`}
    >
      {overdue ? t('overdue', { when }) : t('due', { when })}
    </time>
  );
}
