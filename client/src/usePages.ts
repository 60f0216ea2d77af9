/** The signed-in expert's on-call pages waiting for their acknowledgement, and acknowledging one. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { hasRole, type SessionUser } from '@refute/shared';
import { api } from './api';
import { queryKeys } from './queries';

export function usePages(user: SessionUser | null | undefined) {
  const client = useQueryClient();
  const isReviewer = Boolean(user && hasRole(user.roles, 'reviewer'));
  const pages = useQuery({ queryKey: queryKeys.pages, queryFn: ({ signal }) => api.pages(signal), enabled: isReviewer });
  const acknowledge = useMutation({
    mutationFn: (caseId: string) => api.acknowledgePage(caseId),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.pages }),
  });
  const pageFor = (caseId: string) => (pages.data?.items ?? []).find((page) => page.caseId === caseId) ?? null;
  return { acknowledge, pageFor, refetch: () => void pages.refetch() };
}
