import { useT } from '../i18n';

/** Grey placeholder rows in the shape of what is loading, announced to screen readers. */
export function ListSkeleton({ rows = 5, testId }: { rows?: number; testId?: string }) {
  const { t } = useT();
  return (
    <div className="skeleton-list" role="status" aria-busy="true" data-testid={testId}>
      <span className="visually-hidden">{t('loading')}</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="skeleton-row">
          <span className="skeleton-line skeleton-wide" />
          <span className="skeleton-line skeleton-narrow" />
        </div>
      ))}
    </div>
  );
}

export function PageSkeleton() {
  return (
    <main className="page">
      <div className="skeleton-line skeleton-title" />
      <ListSkeleton rows={4} />
    </main>
  );
}
