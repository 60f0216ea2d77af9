import type { MatchDecisionView } from '@refute/shared';
import { percent } from '../format';
import { useT } from '../i18n';

/**
 * How a report found its case: outcome and similarity, then why (by the claim as reviewed, the
 * words it shares with the case); the probability and the bars are in the tooltip.
 */
export function MatchDecision({ match }: { match: MatchDecisionView }) {
  const { t, lang, labels } = useT();
  const title = t('matchTitle', {
    method: labels.matchMethod[match.method] ?? match.method,
    probability: percent(match.probability ?? 0, lang),
    join: percent(match.joinThreshold, lang),
    suggest: percent(match.suggestThreshold, lang),
  });
  return (
    <span
      className={`match match-${match.outcome}`}
      data-testid="match-decision"
      data-outcome={match.outcome}
      title={title}
    >
      {labels.matchOutcome[match.outcome]} {percent(match.similarity, lang)}
      {match.method === 'statement' && (
        <span className="match-terms" data-testid="match-by-statement">
          {' · '}
          {labels.matchMethod.statement}
        </span>
      )}
      {match.sharedTerms && match.sharedTerms.length > 0 && (
        <span className="match-terms" data-testid="match-terms">
          {' · '}
          {t('matchSharedTerms', { terms: match.sharedTerms.join(lang === 'zh' ? '、' : ', ') })}
        </span>
      )}
    </span>
  );
}
