import { useEffect, useState } from 'react';
import type { PersonRef } from '@refute/shared';
import { api } from '../api';
import { useT } from '../i18n';

const SEARCH_DELAY_MS = 150;

/** The id of the suggestion at `index` in the list `listId`, for the text box's aria-activedescendant. */
export const mentionOptionId = (listId: string, index: number) => `${listId}-option-${index}`;

/**
 * The people matching an @-query, from the server's list of active reviewers and leads.
 * The focus stays in the text box, which drives `highlighted` with its arrow keys and points at
 * the highlighted option with aria-activedescendant (the ARIA pattern of a text box with a list
 * of suggestions).
 */
export function MentionPicker({
  listId,
  query,
  highlighted,
  onResults,
  onPick,
}: {
  listId: string;
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
        .catch(() => {
          if (cancelled) return;
          setPeople([]);
          onResults([]);
        });
    }, SEARCH_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, onResults]);

  if (people === null) return null;
  if (people.length === 0) {
    return (
      <p className="mention-picker muted" role="status" data-testid="mention-picker">
        {t('mentionNone')}
      </p>
    );
  }
  return (
    <ul id={listId} className="mention-picker" role="listbox" aria-label={t('mentionPickerLabel')} data-testid="mention-picker">
      {people.map((person, index) => (
        <li
          key={person.id}
          id={mentionOptionId(listId, index)}
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
