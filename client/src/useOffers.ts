/** The signed-in expert's open offers, and answering them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { hasRole, type SessionUser } from '@refute/shared';
import { api } from './api';
import { queryKeys } from './queries';

export function useOffers(user: SessionUser | null | undefined, enabled = true) {
  const client = useQueryClient();
  const isReviewer = Boolean(user && hasRole(user.roles, 'reviewer'));
  const offers = useQuery({ queryKey: queryKeys.offers, queryFn: ({ signal }) => api.offers(signal), enabled: isReviewer && enabled });
  const settle = () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.offers }), client.invalidateQueries({ queryKey: queryKeys.queues })]);
  const answer = useMutation({
    mutationFn: async ({ caseId, accept }: { caseId: string; accept: boolean }): Promise<void> => {
      if (accept) await api.acceptOffer(caseId);
      else await api.declineOffer(caseId);
    },
    onSettled: settle,
  });
  const openFor = (caseId: string) => (offers.data?.items ?? []).some((offer) => offer.caseId === caseId);
  return { offers, answer, openFor, refetch: () => void offers.refetch() };
}
