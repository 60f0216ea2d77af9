import { useEffect, useState } from 'react';
import type { CaseDetail } from '@refute/shared';
import { api } from './api';

/** Loads another case for a glance (title, status); null until loaded or when it cannot be. */
export function useCasePeek(caseId: string): CaseDetail | null {
  const [peeked, setPeeked] = useState<CaseDetail | null>(null);
  useEffect(() => {
    let cancelled = false;
    setPeeked(null);
    api
      .getCase(caseId)
      .then((found) => !cancelled && setPeeked(found))
      .catch(() => {
        // The short id is shown instead.
      });
    return () => {
      cancelled = true;
    };
  }, [caseId]);
  return peeked;
}
