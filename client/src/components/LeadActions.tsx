import { useState } from 'react';
import { useT } from '../i18n';

interface Props {
  busy: 'approve' | 'return' | null;
  onApprove(): void;
  /** Resolves true when the case was returned, so the comment can be cleared. */
  onReturn(comment: string): Promise<boolean>;
  onInvalid(message: string): void;
}

export function LeadActions({ busy, onApprove, onReturn, onInvalid }: Props) {
  const { t } = useT();
  const [comment, setComment] = useState('');

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
        onClick={onApprove}
        disabled={busy !== null}
      >
        {busy === 'approve' ? t('approving') : t('approve')}
      </button>
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
