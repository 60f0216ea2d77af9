import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { PublishedMatch } from '@refute/shared';
import { api } from '../../api';
import { percent } from '../../format';
import { useT } from '../../i18n';
import { VerdictBadge } from '../Badges';

/** How long typing pauses before the text is looked up. */
const LOOKUP_DELAY_MS = 400;
const MIN_LENGTH = 4;

/** Published verdicts that answer the text being typed: the instant answer for a person. */
export function LiveAnswers({ text }: { text: string }) {
  const { t } = useT();
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text.trim()), LOOKUP_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const answers = useQuery({
    queryKey: ['platform', 'match', settled],
    queryFn: ({ signal }) => api.consoleMatch(settled, signal),
    enabled: settled.length >= MIN_LENGTH,
    staleTime: 60_000,
  });
  const data = settled.length >= MIN_LENGTH ? answers.data : undefined;
  const matches = data?.matches ?? [];
  const related = data?.related ?? [];
  if (matches.length === 0 && related.length === 0) return null;
  return (
    <section className="live-answers" aria-live="polite" data-testid="live-answers">
      {matches.length > 0 && <h3>{t('liveAnswersTitle')}</h3>}
      <AnswerList items={matches} testId="live-answer" />
      {related.length > 0 && (
        <>
          <h3>{t('liveRelatedTitle')}</h3>
          <p className="muted">{t('liveRelatedHint')}</p>
          <AnswerList items={related} testId="live-related" />
        </>
      )}
    </section>
  );
}

function AnswerList({ items, testId }: { items: PublishedMatch[]; testId: string }) {
  const { t, lang } = useT();
  if (items.length === 0) return null;
  return (
    <ul>
      {items.map((match) => (
        <li key={match.caseId} data-testid={testId}>
          <VerdictBadge verdict={match.verdict} /> <strong>{match.headline}</strong>{' '}
          <span className="muted">{t('similarity', { pct: percent(match.similarity, lang) })}</span>{' '}
          <a href={match.url} target="_blank" rel="noopener noreferrer">
            {t('viewPublication')}
          </a>
        </li>
      ))}
    </ul>
  );
}
