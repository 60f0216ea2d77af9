import type { CaseSuggestion } from '@refute/shared';
import { useT } from '../i18n';
import { SuggestionItem } from './SuggestionItem';

interface Props {
  suggestions: CaseSuggestion[];
  onMerge?: (intoCaseId: string) => void;
  onNotSameClaim?: (caseId: string) => void;
  busy: boolean;
}

/** Similar cases found when this case opened; nothing when there are none. */
export function SuggestionsPanel({ suggestions, onMerge, onNotSameClaim, busy }: Props) {
  const { t } = useT();
  if (suggestions.length === 0) return null;
  return (
    <section className="panel" data-testid="suggestions">
      <h2>
        {t('suggestionsTitle')} <span className="count">{suggestions.length}</span>
      </h2>
      <p className="hint">{t('suggestionsHint')}</p>
      <ul className="suggestion-list">
        {suggestions.map((suggestion) => (
          <SuggestionItem key={suggestion.caseId} suggestion={suggestion} onMerge={onMerge} onNotSameClaim={onNotSameClaim} busy={busy} />
        ))}
      </ul>
    </section>
  );
}
