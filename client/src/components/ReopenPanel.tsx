import { isText, useStashedState } from '../browserStash';
import { useT } from '../i18n';

interface Props {
  caseId: string;
  busy: boolean;
  /** Resolves true when the case was reopened, so the reason can be cleared. */
  onReopen(reason: string): Promise<boolean>;
  onInvalid(message: string): void;
}

/** A lead's correction of a published case: a reason, then a confirmation. */
export function ReopenPanel({ caseId, busy, onReopen, onInvalid }: Props) {
  const { t } = useT();
  const [reason, setReason] = useStashedState(`reopen-reason.${caseId}`, '', { isValid: isText });

  const reopen = async () => {
    if (!reason.trim()) {
      onInvalid(t('reopenNeedsReason'));
      return;
    }
    if (!window.confirm(t('reopenConfirm'))) return;
    if (await onReopen(reason.trim())) setReason('');
  };

  return (
    <section className="panel lead-actions">
      <div className="field">
        <label htmlFor="reopen-reason">{t('reopenLabel')}</label>
        <textarea
          id="reopen-reason"
          className="input"
          data-testid="reopen-reason"
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <button type="button" className="btn btn-danger-ghost" data-testid="reopen-button" onClick={() => void reopen()} disabled={busy}>
        {t('reopenAction')}
      </button>
    </section>
  );
}
