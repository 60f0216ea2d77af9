import type { ReactNode } from 'react';

export function Notice({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="banner banner-success" role="status" data-testid={testId}>
      {children}
    </div>
  );
}
