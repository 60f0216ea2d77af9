import { useEffect, useState } from 'react';
import type { PersonRef } from '@refute/shared';
import { api } from '../api';
import { useT } from '../i18n';

const SEARCH_DELAY_MS = 150;

/**
 * The people matching an @-query, from the server's list of active reviewers and leads.
 * `highlighted` is driven from the text box's arrow keys.
 */
export function MentionPicker({
  query,
  highlighted,
  onResults,
  onPick,
}: {
  query: string;
  highlighted: number;
  onResults: (people: PersonRef[]) => void;
  onPick: (person: PersonRef) => void;
}) {
  const { t } = useT();
  const [people, setPeople] = useState<PersonRef[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      api
        .mentionable(query)
        .then(({ items }) => {
          if (cancelled) return;
          setPeople(items);
          onResults(items);
        })
        .catch(() => !cancelled && setPeople([]));
    }, SEARCH_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // Only a new query means a new search; onResults is the parent's setter.
  }, [query]);

  if (people === null) return null;
  return (
    <ul className="mention-picker" role="listbox" aria-label={t('mentionPickerLabel')} data-testid="mention-picker">
      {people.length === 0 && <li className="muted">{t('mentionNone')}</li>}
      {people.map((person, index) => (
        <li
          key={person.id}
          role="option"
          aria-selected={index === highlighted}
          className={index === highlighted ? 'active' : undefined}
          data-testid="mention-option"
          // mousedown, not click: the text box must keep its focus and caret.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(person);
          }}
        >
          {person.name}
        </li>
      ))}
    </ul>
  );
}
