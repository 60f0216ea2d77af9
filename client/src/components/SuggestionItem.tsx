import type { CaseSuggestion } from '@refute/shared';
import { percent } from '../format';
import { useT } from '../i18n';
import { useCasePeek } from '../useCasePeek';
import { AskFirstButton } from './AskFirstButton';
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

  const title = target?.title ?? t('caseShortId', { id: shortId(suggestion.caseId) });

  return (
    <li className="suggestion" data-testid="suggestion" data-case-id={suggestion.caseId}>
      <div className="suggestion-head">
        <CaseRef id={suggestion.caseId} title={target?.title} testId="suggestion-link" />
        {target && <StatusBadge status={target.status} />}
      </div>
      <div className="meta">
        <span data-testid="suggestion-similarity">{t('similarity', { pct: percent(suggestion.similarity, lang) })}</span>
        {onMerge && (
          <AskFirstButton
            question={t('confirmMerge', { title })}
            onConfirm={() => onMerge(suggestion.caseId)}
            testId="merge-button"
            className="btn btn-small"
            disabled={busy || targetMerged}
            title={targetMerged ? t('targetMerged') : undefined}
          >
            {t('mergeInto')}
          </AskFirstButton>
        )}
        {onNotSameClaim && (
          <AskFirstButton
            question={t('confirmNotSameCase', { title })}
            onConfirm={() => onNotSameClaim(suggestion.caseId)}
            testId="suggestion-not-same-claim"
            title={t('notSameClaimHint')}
            disabled={busy}
          >
            {t('notSameClaim')}
          </AskFirstButton>
        )}
      </div>
    </li>
  );
}
