import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { COMMENT_MAX_LENGTH, type CommentView, type PersonRef } from '@refute/shared';
import { api, ApiError } from '../api';
import { isText, useStashedState } from '../browserStash';
import { errorMessage } from '../errors';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { useCommentStream } from '../realtime';
import { ErrorBanner } from './ErrorBanner';
import { movedHighlight } from '../menuNavigation';
import { MentionPicker, mentionOptionId } from './MentionPicker';
import { RelativeTime } from './RelativeTime';
import '../discussion.css';

/** The @-word being typed right before the caret, if any (names may contain spaces only once picked). */
function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,30})$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2]!.length - 1, query: match[2]! };
}

const isPersonList = (value: unknown): value is PersonRef[] =>
  Array.isArray(value) && value.every((person) => typeof (person as PersonRef | null)?.id === 'string' && typeof (person as PersonRef).name === 'string');

/** The case's discussion: comments, live, and a text box with an @-mention picker. */
export function CommentsPanel({ caseId, merged }: { caseId: string; merged: boolean }) {
  const { t } = useT();
  // What is being written stays through a reload, with the people picked for it.
  const [text, setText] = useStashedState(`comment.${caseId}`, '', { isValid: isText });
  const [mentioned, setMentioned] = useStashedState<PersonRef[]>(`comment-mentions.${caseId}`, [], { isValid: isPersonList });
  const [picking, setPicking] = useState<{ start: number; query: string } | null>(null);
  const [options, setOptions] = useState<PersonRef[]>([]);
  const [highlighted, setHighlighted] = useState(0);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.comments(caseId), queryFn: ({ signal }) => api.comments(caseId, signal) });
  const comments = query.data?.items ?? [];
  const add = useCallback(
    (comment: CommentView) =>
      client.setQueryData<{ items: CommentView[] }>(queryKeys.comments(caseId), (list) =>
        list && !list.items.some((known) => known.id === comment.id) ? { items: [...list.items, comment] } : list,
      ),
    [client, caseId],
  );
  useCommentStream(caseId, add, () => void query.refetch());

  // The suggestions mirror the picker on screen: none once it is closed, its own once it answers.
  const closePicker = () => {
    setPicking(null);
    setOptions([]);
  };

  const updatePicker = (value: string, caret: number) => {
    const next = mentionQueryAt(value, caret);
    if (!next) return closePicker();
    setPicking(next);
    if (next.query !== picking?.query) setHighlighted(0);
  };

  const pick = (person: PersonRef) => {
    if (!picking) return;
    const caret = picking.start + 1 + picking.query.length;
    const inserted = `@${person.name} `;
    setText(text.slice(0, picking.start) + inserted + text.slice(caret));
    setMentioned((list) => (list.some((known) => known.id === person.id) ? list : [...list, person]));
    closePicker();
    const position = picking.start + inserted.length;
    requestAnimationFrame(() => input.current?.setSelectionRange(position, position));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!picking) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      closePicker();
      return;
    }
    if (options.length === 0) return;
    // Only the arrows: Home and End keep moving the caret in the text.
    const target = event.key === 'ArrowDown' || event.key === 'ArrowUp' ? movedHighlight(event.key, highlighted, options.length) : null;
    if (target !== null) {
      event.preventDefault();
      setHighlighted(target);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      pick(options[Math.min(highlighted, options.length - 1)]!);
    }
  };
  const suggesting = picking !== null && options.length > 0;

  // Someone whose @name was deleted from the text is not notified.
  const stillMentioned = mentioned.filter((person) => text.includes(`@${person.name}`));
  const body = text.trim();

  const send = async () => {
    if (!body || sending) return;
    setSending(true);
    setError(null);
    try {
      const { comment } = await api.addComment(caseId, { body, mentions: stillMentioned.map((person) => person.id) });
      add(comment);
      setText('');
      setMentioned([]);
    } catch (cause) {
      setError(cause instanceof ApiError && cause.code === 'invalid_mention' ? t('errInvalidMention') : errorMessage(cause, t));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="panel comments-panel" data-testid="comments">
      <h2>
        {t('commentsTitle')} <span className="count">{comments.length}</span>
      </h2>
      <ErrorBanner message={error ?? (query.error ? errorMessage(query.error, t) : null)} onDismiss={() => setError(null)} onRetry={query.error ? () => void query.refetch() : undefined} />
      {comments.length === 0 ? (
        <p className="muted">{t('commentsEmpty')}</p>
      ) : (
        <ol className="comment-list">
          {comments.map((comment) => (
            <li key={comment.id} data-testid="comment-item">
              <div className="comment-meta">
                <strong>{comment.author.name}</strong> <RelativeTime iso={comment.createdAt} />
              </div>
              <p className="pre-wrap">{comment.body}</p>
            </li>
          ))}
        </ol>
      )}
      {merged ? (
        <p className="muted">{t('commentsMergedHint')}</p>
      ) : (
        <form
          className="comment-form"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <div className="comment-input-wrap">
            <textarea
              ref={input}
              data-testid="comment-input"
              value={text}
              maxLength={COMMENT_MAX_LENGTH}
              rows={3}
              placeholder={t('commentPlaceholder')}
              aria-label={t('commentPlaceholder')}
              aria-autocomplete="list"
              aria-controls={suggesting ? listId : undefined}
              aria-activedescendant={suggesting ? mentionOptionId(listId, Math.min(highlighted, options.length - 1)) : undefined}
              onChange={(event) => {
                setText(event.target.value);
                updatePicker(event.target.value, event.target.selectionStart);
              }}
              onSelect={(event) => updatePicker(event.currentTarget.value, event.currentTarget.selectionStart)}
              onKeyDown={onKeyDown}
              onBlur={closePicker}
            />
            {picking && <MentionPicker listId={listId} query={picking.query} highlighted={highlighted} onResults={setOptions} onPick={pick} />}
          </div>
          {stillMentioned.length > 0 && (
            <p className="muted comment-mentions">
              {t('commentMentioning')} {stillMentioned.map((person) => person.name).join(', ')}
            </p>
          )}
          <button type="submit" className="btn btn-primary btn-small" data-testid="comment-submit" disabled={!body || sending}>
            {sending ? t('commentSending') : t('commentSend')}
          </button>
        </form>
      )}
    </section>
  );
}
