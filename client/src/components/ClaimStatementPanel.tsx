import { useEffect, useState } from 'react';
import { CLAIM_STATEMENT_MAX, type ClaimStatementView } from '@refute/shared';
import { useT } from '../i18n';
import { RelativeTime } from './RelativeTime';

interface Props {
  statement: ClaimStatementView | null;
  people: Record<string, string>;
  /** Given to the case's team (its assignees and leads): they write the statement. */
  onSave?: (text: string | null) => void;
  busy: boolean;
}

/**
 * The claim as reviewed: in one neutral sentence, what the rumor asserts (not the rebuttal). The
 * matcher holds new reports against it as well as against the reports that opened the case.
 */
export function ClaimStatementPanel({ statement, people, onSave, busy }: Props) {
  const { t } = useT();
  const [text, setText] = useState(statement?.text ?? '');
  // A save (here or by someone else) shows the statement as stored.
  useEffect(() => setText(statement?.text ?? ''), [statement?.text]);
  const changed = text.trim() !== (statement?.text ?? '');

  return (
    <section className="panel claim-statement-panel" data-testid="claim-statement-panel">
      <h2 id="claim-statement-title">{t('claimStatementTitle')}</h2>
      <p className="hint" id="claim-statement-help">
        {t('claimStatementHelp')}
      </p>
      {statement ? (
        <blockquote data-testid="claim-statement">{statement.text}</blockquote>
      ) : (
        <p className="muted" data-testid="claim-statement-empty">
          {t('claimStatementEmpty')}
        </p>
      )}
      {statement && (
        <p className="muted">
          {t('claimStatementBy', { name: people[statement.updatedBy] ?? t('unknownPerson') })} <RelativeTime iso={statement.updatedAt} />
        </p>
      )}
      {onSave && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim()) onSave(text.trim());
          }}
        >
          <div className="field">
            <label htmlFor="claim-statement-input">{t('claimStatementLabel')}</label>
            <textarea
              id="claim-statement-input"
              className="input"
              data-testid="claim-statement-input"
              aria-describedby="claim-statement-help"
              rows={2}
              maxLength={CLAIM_STATEMENT_MAX}
              placeholder={t('claimStatementPlaceholder')}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          </div>
          <button type="submit" className="btn" data-testid="claim-statement-save" disabled={busy || !changed || !text.trim()}>
            {t('claimStatementSave')}
          </button>{' '}
          {statement && (
            <button type="button" className="btn btn-ghost" data-testid="claim-statement-clear" disabled={busy} onClick={() => onSave(null)}>
              {t('claimStatementClear')}
            </button>
          )}
        </form>
      )}
    </section>
  );
}
