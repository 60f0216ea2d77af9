import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';

interface Props {
  busy: boolean;
  /** Resolves once the server answered (the page shows the outcome). */
  onRetract(reason: string): Promise<unknown>;
}

/**
 * A lead withdraws the published verdict: a button, then a dialog that says it cannot be undone
 * and asks for the reason, which is published with the retraction.
 */
export function RetractPanel({ busy, onRetract }: Props) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  return (
    <section className="panel lead-actions">
      <p className="muted">{t('retractHint')}</p>
      <button type="button" className="btn btn-danger-ghost" data-testid="retract-button" onClick={() => setOpen(true)} disabled={busy}>
        {t('retractAction')}
      </button>
      {open && <RetractDialog busy={busy} onRetract={onRetract} onClose={() => setOpen(false)} />}
    </section>
  );
}

function RetractDialog({ busy, onRetract, onClose }: Props & { onClose(): void }) {
  const { t } = useT();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const confirm = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    // Closed either way: a refusal is shown in the page's error banner, which the modal would cover.
    await onRetract(reason.trim());
    onClose();
  };

  return (
    <dialog ref={dialog} className="approve-preview" data-testid="retract-dialog" aria-labelledby="retract-title" aria-describedby="retract-warning" onCancel={onClose}>
      <h2 id="retract-title">{t('retractTitle')}</h2>
      <p id="retract-warning" className="banner banner-error">
        {t('retractWarning')}
      </p>
      <div className="field">
        <label htmlFor="retract-reason">{t('retractLabel')}</label>
        <textarea
          id="retract-reason"
          className="input"
          data-testid="retract-reason"
          rows={4}
          maxLength={2000}
          required
          aria-invalid={missing}
          aria-describedby={missing ? 'retract-reason-missing' : undefined}
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            setMissing(false);
          }}
          autoFocus
        />
        {missing && (
          <p id="retract-reason-missing" className="field-error" role="alert" data-testid="retract-reason-missing">
            {t('retractNeedsReason')}
          </p>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>
          {t('cancel')}
        </button>
        <button type="button" className="btn btn-danger" data-testid="retract-confirm" onClick={() => void confirm()} disabled={busy}>
          {busy ? t('retracting') : t('retractConfirm')}
        </button>
      </div>
    </dialog>
  );
}
