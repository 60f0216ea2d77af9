import { useState } from 'react';
import type { Draft } from '@refute/shared';
import { isText, useStashedState } from '../browserStash';
import { useT } from '../i18n';
import { ApprovePreview } from './ApprovePreview';

interface Props {
  caseId: string;
  busy: 'approve' | 'return' | null;
  /** What approval publishes, shown before it is confirmed. */
  draft: Draft;
  claimText: string;
  onApprove(): void;
  /** Resolves true when the case was returned, so the comment can be cleared. */
  onReturn(comment: string): Promise<boolean>;
  onInvalid(message: string): void;
}

export function LeadActions({ caseId, busy, draft, claimText, onApprove, onReturn, onInvalid }: Props) {
  const { t } = useT();
  const [comment, setComment] = useStashedState(`return-comment.${caseId}`, '', { isValid: isText });
  const [previewing, setPreviewing] = useState(false);

  const sendBack = async () => {
    if (!comment.trim()) {
      onInvalid(t('returnNeedsComment'));
      return;
    }
    if (await onReturn(comment.trim())) setComment('');
  };

  return (
    <section className="panel lead-actions">
      <button
        type="button"
        className="btn btn-primary"
        data-testid="approve-button"
        onClick={() => setPreviewing(true)}
        disabled={busy !== null}
      >
        {busy === 'approve' ? t('approving') : t('approve')}
      </button>
      {previewing && (
        <ApprovePreview
          draft={draft}
          claimText={claimText}
          busy={busy === 'approve'}
          onCancel={() => setPreviewing(false)}
          onConfirm={() => {
            setPreviewing(false);
            onApprove();
          }}
        />
      )}
      <div className="field">
        <label htmlFor="return-comment">{t('returnLabel')}</label>
        <textarea
          id="return-comment"
          className="input"
          data-testid="return-comment"
          rows={3}
          maxLength={2000}
          placeholder={t('returnPlaceholder')}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      <button
        type="button"
        className="btn btn-danger-ghost"
        data-testid="return-button"
        onClick={sendBack}
        disabled={busy !== null}
      >
        {t('returnAction')}
      </button>
    </section>
  );
}
