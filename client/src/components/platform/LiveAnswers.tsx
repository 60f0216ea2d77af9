import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { percent } from '../../format';
import { useT } from '../../i18n';
import { VerdictBadge } from '../Badges';

/** How long typing pauses before the text is looked up. */
const LOOKUP_DELAY_MS = 400;
const MIN_LENGTH = 4;

/** Published verdicts that answer the text being typed: the instant answer for a person. */
export function LiveAnswers({ text }: { text: string }) {
  const { t, lang } = useT();
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
  const matches = settled.length >= MIN_LENGTH ? (answers.data?.matches ?? []) : [];
  if (matches.length === 0) return null;
  return (
    <section className="live-answers" aria-live="polite" data-testid="live-answers">
      <h3>{t('liveAnswersTitle')}</h3>
      <ul>
        {matches.map((match) => (
          <li key={match.caseId} data-testid="live-answer">
            <VerdictBadge verdict={match.verdict} /> <strong>{match.headline}</strong>{' '}
            <span className="muted">{t('similarity', { pct: percent(match.similarity, lang) })}</span>{' '}
            <a href={match.url} target="_blank" rel="noopener noreferrer">
              {t('viewPublication')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
