import { LANES, QUEUE_STATUSES, isQueueStatus, type CaseStatus, type Lane, type QueueCounts } from '@refute/shared';

export interface Facets {
  lane: Lane;
  status: CaseStatus;
}

/**
 * Counts per lane and per status of the active queue. Each count applies every filter but its
 * own, so a lane's count is what choosing that lane would list (faceted counts).
 */
export function countQueue(rows: readonly Facets[], filters: { lane?: Lane | undefined; status?: CaseStatus | undefined }): QueueCounts {
  const counts: QueueCounts = {
    lane: Object.fromEntries(LANES.map((lane) => [lane, 0])) as QueueCounts['lane'],
    status: Object.fromEntries(QUEUE_STATUSES.map((status) => [status, 0])) as QueueCounts['status'],
  };
  for (const row of rows) {
    if (!isQueueStatus(row.status)) continue;
    if (filters.status === undefined || filters.status === row.status) counts.lane[row.lane] += 1;
    if (filters.lane === undefined || filters.lane === row.lane) counts.status[row.status] += 1;
  }
  return counts;
}
