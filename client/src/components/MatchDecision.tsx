import type { MatchDecisionView } from '@refute/shared';
import { percent } from '../format';
import { useT } from '../i18n';

/** How a report found its case: outcome and similarity, with the thresholds in the tooltip. */
export function MatchDecision({ match }: { match: MatchDecisionView }) {
  const { t, lang, labels } = useT();
  const title = t('matchTitle', {
    method: labels.matchMethod[match.method] ?? match.method,
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
    </span>
  );
}
