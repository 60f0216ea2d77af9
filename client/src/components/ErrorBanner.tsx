import { RotateCw, X } from 'lucide-react';
import { useT } from '../i18n';

/** An error with, where it helps, a way to try again and a way to dismiss it. */
export function ErrorBanner({ message, onDismiss, onRetry }: { message: string | null; onDismiss?: () => void; onRetry?: () => void }) {
  const { t } = useT();
  if (!message) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onRetry} data-testid="retry-button">
          <RotateCw size={14} aria-hidden /> {t('retry')}
        </button>
      )}
      {onDismiss && (
        <button type="button" className="banner-close" onClick={onDismiss} aria-label={t('dismiss')}>
          <X size={16} aria-hidden />
        </button>
      )}
    </div>
  );
}
