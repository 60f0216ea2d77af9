/**
 * Server state: one TanStack Query client, the query keys, and the socket events that update
 * or invalidate just the queries they concern (a changed case is replaced where a queue page
 * shows it; only a case the pages do not hold yet makes the queue read again).
 */
import { useEffect } from 'react';
import { QueryClient, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { CaseQueuePage, CaseSummary, InsightsQuery } from '@refute/shared';
import type { CaseFilters } from './api';
import { liveSocket } from './realtime';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
  },
});

export const queryKeys = {
  queues: ['cases', 'queue'] as const,
  queue: (filters: CaseFilters) => ['cases', 'queue', filters] as const,
  caseDetail: (id: string) => ['cases', 'detail', id] as const,
  comments: (caseId: string) => ['comments', caseId] as const,
  notifications: ['notifications'] as const,
  notificationPreferences: ['notifications', 'preferences'] as const,
  feed: ['feed'] as const,
  regions: ['regions'] as const,
  adminUsers: ['admin', 'users'] as const,
  adminOrganisations: ['admin', 'organisations'] as const,
  adminSettings: ['admin', 'settings'] as const,
  hotspots: ['hotspots'] as const,
  organisations: ['organisations'] as const,
  experts: (filters: object) => ['experts', filters] as const,
  allExperts: ['experts'] as const,
  myExpertProfile: ['experts', 'me'] as const,
  candidates: (caseId: string) => ['cases', 'candidates', caseId] as const,
  mergeTargets: (words: string) => ['cases', 'merge-targets', words] as const,
  offers: ['offers'] as const,
  pages: ['pages'] as const,
  insights: (filters: InsightsQuery) => ['insights', filters] as const,
  insightsRanking: (month: string) => ['insights', 'ranking', month] as const,
};

type QueuePages = InfiniteData<CaseQueuePage, string | null>;

/** Puts a changed case into every cached queue page that shows it. */
function replaceInQueues(client: QueryClient, summary: CaseSummary): void {
  client.setQueriesData<QueuePages>({ queryKey: queryKeys.queues }, (data) =>
    data && { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((item) => (item.id === summary.id ? summary : item)) })) },
  );
}

/** While mounted (once, at the top of the app): live events keep the cached queries current. */
export function useLiveQueryUpdates(): void {
  const client = useQueryClient();
  useEffect(() => {
    const live = liveSocket();
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    // A burst of new cases is one read of the queue, not one per case.
    const refetchQueues = () => {
      clearTimeout(refetchTimer);
      refetchTimer = setTimeout(() => void client.invalidateQueries({ queryKey: queryKeys.queues }), 300);
    };
    const onCaseUpdated = (summary: CaseSummary) => {
      // Filters may now include or exclude it, or its rank in some order changed: such a change
      // re-reads (the total and counts with it).
      const previous = findInQueues(client, summary.id);
      const moved =
        !previous ||
        previous.status !== summary.status ||
        previous.lane !== summary.lane ||
        previous.priority !== summary.priority ||
        previous.reach !== summary.reach ||
        previous.topic !== summary.topic ||
        previous.assignees.join() !== summary.assignees.join();
      replaceInQueues(client, summary);
      if (moved) refetchQueues();
    };
    const onPublication = () => void client.invalidateQueries({ queryKey: queryKeys.feed });
    // Nothing missed while disconnected is replayed: everything shown is read again.
    const onReconnect = () => void client.invalidateQueries();
    // An assignment changes who "mine" lists: the queues read again.
    const onAssigned = () => refetchQueues();
    live.on('case.updated', onCaseUpdated);
    live.on('case.assigned', onAssigned);
    // A hotspot flags its case's row (its case.updated follows); the queue reads again in case it is not shown yet.
    const onHotspot = () => {
      refetchQueues();
      void client.invalidateQueries({ queryKey: queryKeys.hotspots });
    };
    live.on('hotspot.detected', onHotspot);
    live.on('publication.created', onPublication);
    live.io.on('reconnect', onReconnect);
    return () => {
      clearTimeout(refetchTimer);
      live.off('case.updated', onCaseUpdated);
      live.off('case.assigned', onAssigned);
      live.off('hotspot.detected', onHotspot);
      live.off('publication.created', onPublication);
      live.io.off('reconnect', onReconnect);
    };
  }, [client]);
}

function findInQueues(client: QueryClient, caseId: string): CaseSummary | undefined {
  for (const [, data] of client.getQueriesData<QueuePages>({ queryKey: queryKeys.queues })) {
    for (const page of data?.pages ?? []) {
      const item = page.items.find((candidate) => candidate.id === caseId);
      if (item) return item;
    }
  }
  return undefined;
}
