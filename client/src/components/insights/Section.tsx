import type { ReactNode } from 'react';

/** A titled panel of the dashboard, kept whole on a printed page. */
export function Section({ title, hint, actions, children, testId }: { title: string; hint?: string; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="panel insight-section" data-testid={testId}>
      <div className="insight-section-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {hint && <p className="hint">{hint}</p>}
      {children}
    </section>
  );
}
