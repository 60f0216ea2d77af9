import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { QUEUE_SEARCH_MAX, REGROUPABLE_STATUSES } from '@refute/shared';
import { api } from '../api';
import { useT } from '../i18n';
import { queryKeys } from '../queries';
import { AskFirstButton } from './AskFirstButton';
import { StatusBadge } from './Badges';
import { CaseRef } from './CaseRef';

interface Props {
  caseId: string;
  onMerge: (intoCaseId: string) => void;
  busy: boolean;
}

const RESULTS = 10;

/**
 * Any case under review as a merge target, not only the suggestions: the queue's own text search
 * over titles and report texts, cases shown by their title. A case that cannot take reports
 * (published, merged) is left out.
 */
export function MergeSearchPanel({ caseId, onMerge, busy }: Props) {
  const { t } = useT();
  const [text, setText] = useState('');
  const [words, setWords] = useState('');
  const found = useQuery({
    queryKey: queryKeys.mergeTargets(words),
    queryFn: ({ signal }) => api.listCases({ q: words, limit: RESULTS + 1 }, signal),
    enabled: words !== '',
  });
  const targets = (found.data?.items ?? []).filter((item) => item.id !== caseId && REGROUPABLE_STATUSES.includes(item.status)).slice(0, RESULTS);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setWords(text.trim());
  };

  return (
    <section className="panel" data-testid="merge-search">
      <h2>{t('mergeSearchTitle')}</h2>
      <p className="hint">{t('mergeSearchHint')}</p>
      <form className="merge-search-form" onSubmit={search} role="search">
        <label className="queue-search">
          <span>{t('mergeSearchLabel')}</span>
          <input
            type="search"
            className="input"
            data-testid="merge-search-input"
            value={text}
            maxLength={QUEUE_SEARCH_MAX}
            placeholder={t('mergeSearchPlaceholder')}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-small" data-testid="merge-search-submit" disabled={text.trim() === ''}>
          {t('queueSearch')}
        </button>
      </form>
      {found.isError && <p className="field-error" role="alert">{t('mergeSearchFailed')}</p>}
      {words !== '' && found.isSuccess && targets.length === 0 && <p className="muted">{t('mergeSearchNone')}</p>}
      {targets.length > 0 && (
        <ul className="suggestion-list">
          {targets.map((target) => (
            <li key={target.id} className="suggestion" data-testid="merge-target" data-case-id={target.id}>
              <div className="suggestion-head">
                <CaseRef id={target.id} title={target.title} />
                <StatusBadge status={target.status} />
              </div>
              <div className="meta">
                <span>{t('reports', { count: target.reportCount })}</span>
                <AskFirstButton
                  question={t('confirmMerge', { title: target.title })}
                  onConfirm={() => onMerge(target.id)}
                  testId="merge-target-button"
                  className="btn btn-small"
                  disabled={busy}
                >
                  {t('mergeInto')}
                </AskFirstButton>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
