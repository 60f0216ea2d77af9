/**
 * Pending deliveries of the previous layout, where a delivery stayed in `webhook_deliveries`
 * from its enqueue to its end and each attempt was leased in `webhook_attempts`: each process
 * moves them into the outbox before its worker's first round. The attempt a lease shows in
 * progress is taken as interrupted (due again once the lease would have gone stale); an attempt
 * whose outcome the lease holds (versions before that one) is recorded from it, not sent again.
 * Two processes moving at once insert the same outbox ids, so each delivery is moved once. A
 * large leftover is moved `MOVE_LIMIT` a round, so the worker keeps delivering meanwhile (each
 * moved delivery is deleted from the history by `_id`, one commit each on the local engine).
 */
import { bulkWriteInChunks } from '../../db/bulkWriteInChunks';
import { insertEachOnce } from '../../db/insertOnce';
import { WebhookAttemptModel, WebhookDeliveryModel, WebhookEndpointModel, WebhookOutboxModel, type WebhookDeliveryRecord, type WebhookEndpointRecord, type WebhookOutboxRecord } from './model';
import { interrupted, settle } from './outcomes';
import { newBatchId } from './outbox';
import { webhookSettings } from './settings';

export const MOVE_LIMIT = 500;

/** Moves up to `MOVE_LIMIT` pending deliveries of the previous layout; returns how many it found. */
export async function moveLegacyPending(): Promise<number> {
  const pending = await WebhookDeliveryModel.find({ status: 'pending' }).limit(MOVE_LIMIT).lean<WebhookDeliveryRecord[]>();
  if (pending.length === 0) return 0;
  const ids = pending.map((delivery) => delivery._id);
  const leases = await WebhookAttemptModel.find({ deliveryId: { $in: ids } }).lean();
  const endpoints = new Map(
    (await WebhookEndpointModel.find({ _id: { $in: [...new Set(pending.map((delivery) => String(delivery.endpointId)))] } }).lean<WebhookEndpointRecord[]>()).map((endpoint) => [String(endpoint._id), endpoint]),
  );
  const now = Date.now();
  const moved: WebhookOutboxRecord[] = [];
  const recorded: Parameters<typeof settle>[0] = { sent: [], cancelled: [], released: [] };
  for (const delivery of pending) {
    const batch = newBatchId();
    let doc: WebhookOutboxRecord = { ...delivery, _id: `${delivery._id}:m${delivery.attempts}`, deliveryId: delivery._id, batch };
    const lease = leases.find((entry) => entry.deliveryId === delivery._id && entry.attempt === delivery.attempts + 1);
    const endpoint = endpoints.get(String(delivery.endpointId));
    if (lease?.finishedAt && endpoint) {
      recorded.sent.push({ delivery: doc, endpoint, attempt: lease.attempt, startedAt: lease.startedAt, result: { responseCode: lease.responseCode ?? null, latencyMs: lease.latencyMs ?? 0, error: lease.error ?? null } });
      continue;
    }
    if (lease) {
      doc = interrupted(doc, lease.startedAt);
      doc.nextAttemptAt = new Date(Math.max(now, lease.startedAt.getTime() + webhookSettings().staleAttemptMs));
    }
    moved.push(doc);
  }
  await insertEachOnce(WebhookOutboxModel, moved);
  // Outcomes a lease holds: a finished one replaces the pending document, a retry goes to the outbox.
  // The pending documents go last: until then a crash leaves them to be moved again, under the same ids.
  await settle(recorded);
  await bulkWriteInChunks(
    WebhookDeliveryModel,
    ids.map((_id) => ({ deleteOne: { filter: { _id, status: 'pending' } } })),
    { sideBySide: true },
  );
  return pending.length;
}
