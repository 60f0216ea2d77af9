import { useEffect, useRef } from 'react';
import type { Draft } from '@refute/shared';
import { useT } from '../i18n';
import { VerdictBadge } from './Badges';
import { EvidenceList } from './EvidenceList';
import { SafeHtml } from './SafeHtml';

interface Props {
  draft: Draft;
  claimText: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** The public page as it will be published, and a last confirmation: publishing cannot be undone. */
export function ApprovePreview({ draft, claimText, busy, onConfirm, onCancel }: Props) {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog ref={dialog} className="approve-preview" data-testid="approve-preview" aria-labelledby="approve-preview-title" onCancel={onCancel}>
      <h2 id="approve-preview-title">{t('approvePreviewTitle')}</h2>
      <p className="muted">{t('approvePreviewHint')}</p>
      <article className="public-preview">
        <p className="muted">{claimText}</p>
        {draft.verdict && <VerdictBadge verdict={draft.verdict} />}
        <h3>{draft.headline}</h3>
        <p className="lead-summary">{draft.summary}</p>
        <SafeHtml className="prose" html={draft.rebuttalHtml} />
        <EvidenceList items={draft.evidence} />
      </article>
      <div className="dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel} disabled={busy}>
          {t('cancel')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="approve-confirm" onClick={onConfirm} disabled={busy} autoFocus>
          {busy ? t('approving') : t('approveConfirm')}
        </button>
      </div>
    </dialog>
  );
}
