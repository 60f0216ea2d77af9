import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { api } from '../api';
import { useT } from '../i18n';

interface Props {
  assignees: ReadonlyArray<{ id: string; name: string }>;
  /** Given when the user may assign an expert. */
  onAssign?: (userId: string) => void;
  /** Whether the user may take this assignee off (a lead anyone, an expert themselves). */
  mayUnassign: (assigneeId: string) => boolean;
  onUnassign: (userId: string) => void;
  selfId: string;
  busy: boolean;
}

/** Who works on the case: named, each with a way off it for whoever may, and a picker for leads. */
export function AssigneesField({ assignees, onAssign, mayUnassign, onUnassign, selfId, busy }: Props) {
  const { t } = useT();
  const [choosing, setChoosing] = useState(false);
  const people = useQuery({ queryKey: ['people', 'assignable'], queryFn: () => api.mentionable(''), enabled: choosing });
  const candidates = (people.data?.items ?? []).filter((person) => !assignees.some((assignee) => assignee.id === person.id));

  return (
    <div className="assignees" data-testid="assignees">
      {assignees.length === 0 && <span>{t('nobody')}</span>}
      <ul className="assignee-list">
        {assignees.map((assignee) => (
          <li key={assignee.id}>
            {assignee.name}
            {mayUnassign(assignee.id) &&
              (assignee.id === selfId ? (
                <button type="button" className="btn btn-ghost btn-small" disabled={busy} data-testid="give-back" onClick={() => onUnassign(assignee.id)}>
                  {t('giveBack')}
                </button>
              ) : (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  disabled={busy}
                  aria-label={t('unassignPerson', { name: assignee.name })}
                  title={t('unassignPerson', { name: assignee.name })}
                  data-testid="unassign"
                  onClick={() => onUnassign(assignee.id)}
                >
                  <X size={14} aria-hidden />
                </button>
              ))}
          </li>
        ))}
      </ul>
      {onAssign &&
        (choosing ? (
          <label className="assign-picker">
            <span className="visually-hidden">{t('assignExpert')}</span>
            <select
              className="input"
              data-testid="assign-select"
              disabled={busy || people.isPending}
              defaultValue=""
              onChange={(event) => {
                if (!event.target.value) return;
                onAssign(event.target.value);
                setChoosing(false);
              }}
            >
              <option value="">{people.isPending ? t('loading') : t('chooseExpert')}</option>
              {candidates.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <button type="button" className="btn btn-ghost btn-small" disabled={busy} data-testid="assign-button" onClick={() => setChoosing(true)}>
            {t('assignExpert')}
          </button>
        ))}
    </div>
  );
}
