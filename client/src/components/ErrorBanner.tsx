import { useT } from '../i18n';

export function ErrorBanner({ message, onDismiss }: { message: string | null; onDismiss?: () => void }) {
  const { t } = useT();
  if (!message) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <span>{message}</span>
      {onDismiss && (
        <button type="button" className="banner-close" onClick={onDismiss} aria-label={t('dismiss')}>
          ×
        </button>
      )}
    </div>
  );
}
