import type { PresenceEntry } from '@refute/shared';
import { useT } from '../i18n';
import { useUser } from '../session';

/** Who else is on this case right now, and which field they are editing. */
export function PresenceBar({ present }: { present: PresenceEntry[] }) {
  const { t, labels } = useT();
  const user = useUser();
  return (
    <div className="presence" data-testid="presence" aria-live="polite">
      <span className="muted">{t('presenceHere')}</span>
      {present.map((entry) => (
        <span key={entry.userId} className="presence-entry" data-user-id={entry.userId}>
          {entry.userId === user.id ? t('you') : entry.name}
          {entry.field && <span className="muted"> · {t('presenceEditing', { field: labels.field[entry.field] ?? entry.field })}</span>}
        </span>
      ))}
    </div>
  );
}
