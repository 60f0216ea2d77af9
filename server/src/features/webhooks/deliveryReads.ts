/**
 * An endpoint's deliveries as people see them: the pending ones from the outbox, the finished
 * ones from the history, one view per delivery. A delivery may briefly be in both (its outcome
 * written, its batch not yet deleted) or twice in the outbox (a retry inserted, its batch not
 * yet deleted): the latest state is shown.
 */
import type { Types } from 'mongoose';
import { isLease, WebhookDeliveryModel, WebhookOutboxModel, type WebhookDeliveryRecord, type WebhookLeaseRecord, type WebhookOutboxRecord } from './model';
import type { AttemptInProgress } from './deliveryLog';

export interface DeliveryState {
  record: WebhookDeliveryRecord;
  inProgress: AttemptInProgress | null;
}

/** The outbox document as a delivery record, under the delivery's id. */
const asDelivery = (doc: WebhookOutboxRecord): WebhookDeliveryRecord => {
  const { deliveryId, batch: _batch, ...fields } = doc;
  return { ...fields, _id: deliveryId };
};

/** Of several records of one delivery, the latest: the one with the most attempts, a pending one over a finished one with as many. */
function latest(records: Array<{ record: WebhookDeliveryRecord; pending: boolean }>): Map<string, { record: WebhookDeliveryRecord; pending: boolean }> {
  const byId = new Map<string, { record: WebhookDeliveryRecord; pending: boolean }>();
  for (const entry of records) {
    const kept = byId.get(entry.record._id);
    if (!kept || entry.record.attempts > kept.record.attempts || (entry.record.attempts === kept.record.attempts && entry.pending && !kept.pending)) byId.set(entry.record._id, entry);
  }
  return byId;
}

/** The attempt being made of each pending delivery whose batch a live lease holds. */
async function inProgressOf(pending: WebhookOutboxRecord[], now = new Date()): Promise<Map<string, AttemptInProgress>> {
  if (pending.length === 0) return new Map();
  // The outbox holds pending work only, so reading its leases is a small read.
  const leases = (await WebhookOutboxModel.find({ leaseGeneration: { $exists: true } }).lean<Array<WebhookOutboxRecord | WebhookLeaseRecord>>()).filter(isLease);
  const byBatch = new Map<string, WebhookLeaseRecord>();
  for (const lease of leases) if (lease.staleAt > now && lease.leaseGeneration >= (byBatch.get(lease.batch)?.leaseGeneration ?? 0)) byBatch.set(lease.batch, lease);
  const result = new Map<string, AttemptInProgress>();
  for (const doc of pending) {
    const lease = byBatch.get(doc.batch);
    if (lease) result.set(doc.deliveryId, { attempt: doc.attempts + lease.leaseGeneration, at: lease.startedAt });
  }
  return result;
}

async function statesOf(finished: WebhookDeliveryRecord[], pending: WebhookOutboxRecord[]): Promise<DeliveryState[]> {
  const inProgress = await inProgressOf(pending);
  const merged = latest([...finished.map((record) => ({ record, pending: false })), ...pending.map((doc) => ({ record: asDelivery(doc), pending: true }))]);
  return [...merged.values()].map(({ record, pending: isPending }) => ({ record, inProgress: isPending ? (inProgress.get(record._id) ?? null) : null }));
}

/** The endpoint's most recent deliveries, newest first. */
export async function recentDeliveries(endpointId: Types.ObjectId, limit: number): Promise<DeliveryState[]> {
  const [finished, pending] = await Promise.all([
    WebhookDeliveryModel.find({ endpointId }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<WebhookDeliveryRecord[]>(),
    WebhookOutboxModel.find({ endpointId }).lean<WebhookOutboxRecord[]>(),
  ]);
  const states = await statesOf(finished, pending);
  return states.sort((a, b) => b.record.createdAt.getTime() - a.record.createdAt.getTime() || (a.record._id < b.record._id ? 1 : -1)).slice(0, limit);
}

/** One delivery of the endpoint, pending or finished; null when it has none of that id. */
export async function deliveryOf(endpointId: Types.ObjectId, deliveryId: string): Promise<DeliveryState | null> {
  const [finished, pending] = await Promise.all([
    WebhookDeliveryModel.find({ _id: deliveryId, endpointId }).lean<WebhookDeliveryRecord[]>(),
    WebhookOutboxModel.find({ deliveryId, endpointId }).lean<WebhookOutboxRecord[]>(),
  ]);
  return (await statesOf(finished, pending))[0] ?? null;
}
