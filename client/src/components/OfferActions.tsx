import { useT } from '../i18n';

interface Props {
  onAnswer: (accept: boolean) => void;
  busy: boolean;
  /** Buttons inside the notification menu are its items. */
  asMenuItems?: boolean;
}

/** Accept or decline a case offered to the expert. */
export function OfferActions({ onAnswer, busy, asMenuItems = false }: Props) {
  const { t } = useT();
  const menu = asMenuItems ? { role: 'menuitem', tabIndex: -1 } : {};
  return (
    <span className="offer-actions">
      <button type="button" className="btn btn-small btn-primary" data-testid="offer-accept" disabled={busy} onClick={() => onAnswer(true)} {...menu}>
        {t('offerAccept')}
      </button>
      <button type="button" className="btn btn-small btn-ghost" data-testid="offer-decline" disabled={busy} onClick={() => onAnswer(false)} {...menu}>
        {t('offerDecline')}
      </button>
    </span>
  );
}
