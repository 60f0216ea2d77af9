import type { CaseSuggestion } from '@refute/shared';
import { percent } from '../format';
import { useT } from '../i18n';
import { useCasePeek } from '../useCasePeek';
import { StatusBadge } from './Badges';
import { CaseRef, shortId } from './CaseRef';

interface Props {
  suggestion: CaseSuggestion;
  /** Given when the user may merge this case into the suggested one. */
  onMerge?: (intoCaseId: string) => void;
  /** Given when the user may mark the suggested case as not the same claim. */
  onNotSameClaim?: (caseId: string) => void;
  busy: boolean;
}

/** One similar case: link, similarity, and merge and "not the same claim" buttons that ask first. */
export function SuggestionItem({ suggestion, onMerge, onNotSameClaim, busy }: Props) {
  const { t, lang } = useT();
  const target = useCasePeek(suggestion.caseId);
  const targetMerged = target?.status === 'merged';

  const merge = () => {
    if (!onMerge) return;
    const title = target?.title ?? t('caseShortId', { id: shortId(suggestion.caseId) });
    if (window.confirm(t('confirmMerge', { title }))) onMerge(suggestion.caseId);
  };
  const markNotSameClaim = () => {
    if (!onNotSameClaim) return;
    const title = target?.title ?? t('caseShortId', { id: shortId(suggestion.caseId) });
    if (window.confirm(t('confirmNotSameCase', { title }))) onNotSameClaim(suggestion.caseId);
  };

  return (
    <li className="suggestion" data-testid="suggestion" data-case-id={suggestion.caseId}>
      <div className="suggestion-head">
        <CaseRef id={suggestion.caseId} title={target?.title} testId="suggestion-link" />
        {target && <StatusBadge status={target.status} />}
      </div>
      <div className="meta">
        <span data-testid="suggestion-similarity">{t('similarity', { pct: percent(suggestion.similarity, lang) })}</span>
        {onMerge && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="merge-button"
            onClick={merge}
            disabled={busy || targetMerged}
            title={targetMerged ? t('targetMerged') : undefined}
          >
            {t('mergeInto')}
          </button>
        )}
        {onNotSameClaim && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            data-testid="suggestion-not-same-claim"
            title={t('notSameClaimHint')}
            onClick={markNotSameClaim}
            disabled={busy}
          >
            {t('notSameClaim')}
          </button>
        )}
      </div>
    </li>
  );
}
