import { htmlHasText, type Draft } from '@refute/shared';
import { useT } from '../i18n';
import { VerdictBadge } from './Badges';
import { EvidenceList } from './EvidenceList';
import { SafeHtml } from './SafeHtml';

/** The draft for someone who cannot edit it. */
export function DraftView({ draft }: { draft: Draft }) {
  const { t } = useT();
  const dash = <span className="muted">—</span>;
  return (
    <dl className="draft-view" data-testid="draft-view">
      <dt>{t('verdict')}</dt>
      <dd>{draft.verdict ? <VerdictBadge verdict={draft.verdict} /> : dash}</dd>
      <dt>{t('headline')}</dt>
      <dd className="draft-headline">{draft.headline || dash}</dd>
      <dt>{t('summary')}</dt>
      <dd>{draft.summary || dash}</dd>
      <dt>{t('rebuttal')}</dt>
      <dd>{htmlHasText(draft.rebuttalHtml) ? <SafeHtml className="prose" html={draft.rebuttalHtml} /> : dash}</dd>
      <dt>{t('evidence')}</dt>
      <dd>
        <EvidenceList items={draft.evidence} />
      </dd>
    </dl>
  );
}
