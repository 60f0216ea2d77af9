/** Managing a platform's webhook endpoints and looking into their deliveries. */
import { isIP } from 'node:net';
import type { WebhookCreate, WebhookDeliveryView, WebhookEndpointView, WebhookEndpointWithSecret, WebhookUpdate } from '@refute/shared';
import { badRequest, conflict, notFound } from '../../http/errors';
import { recordAudit, type Actor } from '../audit/service';
import { isForbiddenAddress } from './addressPolicy';
import { insertEachOnce } from '../../db/insertOnce';
import { deliveryOf, recentDeliveries } from './deliveryReads';
import { WebhookDeliveryModel, WebhookOutboxModel } from './model';
import { newBatchId } from './outbox';
import { presentDelivery, presentEndpoint } from './presenter';
import { ROTATION_GRACE_MS, createEndpoint, deleteEndpoint, findEndpoint, listEndpoints, updateEndpoint, type OrgScope } from './repository';
import { webhookSettings } from './settings';
import { generateSecret } from './signing';

const DELIVERY_PAGE = 50;

/** An address written into the URL is judged at once; host names are judged at each delivery, after resolving. */
function requireDeliverableUrl(url: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host) > 0 || host === 'localhost' || host.endsWith('.localhost');
  if (!webhookSettings().allowPrivate && literal && (host.includes('localhost') || isForbiddenAddress(host))) {
    throw badRequest('webhook_url_refused', 'Webhooks are not delivered to loopback, private or link-local addresses');
  }
}

async function requireEndpoint(scope: OrgScope, id: string) {
  const endpoint = await findEndpoint(scope, id);
  // Another organisation's endpoint is not found, rather than forbidden: its existence is not told.
  if (!endpoint) throw notFound('Webhook endpoint');
  return endpoint;
}

const audit = (action: string, actor: Actor, id: unknown, data?: Record<string, unknown>) =>
  recordAudit({ action, actor, subject: { kind: 'webhook_endpoint', id: String(id) }, ...(data ? { data } : {}) });

export async function createWebhook(scope: OrgScope, actor: Actor, input: WebhookCreate): Promise<WebhookEndpointWithSecret> {
  requireDeliverableUrl(input.url);
  const secret = generateSecret();
  const endpoint = await createEndpoint(scope, { ...input, secret });
  await audit('webhook.created', actor, endpoint._id, { url: input.url, events: input.events });
  return { ...presentEndpoint(endpoint), secret };
}

export async function listWebhooks(scope: OrgScope): Promise<WebhookEndpointView[]> {
  return (await listEndpoints(scope)).map(presentEndpoint);
}

export async function updateWebhook(scope: OrgScope, actor: Actor, id: string, changes: WebhookUpdate): Promise<WebhookEndpointView> {
  await requireEndpoint(scope, id);
  if (changes.url) requireDeliverableUrl(changes.url);
  // Enabling again clears why Refute disabled it.
  const updated = await updateEndpoint(scope, id, { ...changes, ...(changes.enabled === true ? { disabledReason: null } : {}) });
  if (!updated) throw notFound('Webhook endpoint');
  await audit('webhook.updated', actor, id, changes);
  return presentEndpoint(updated);
}

export async function removeWebhook(scope: OrgScope, actor: Actor, id: string): Promise<void> {
  if (!(await deleteEndpoint(scope, id))) throw notFound('Webhook endpoint');
  await audit('webhook.deleted', actor, id);
}

/** A new secret; the previous one keeps signing for 24 hours so receivers can switch over. */
export async function rotateWebhookSecret(scope: OrgScope, actor: Actor, id: string, now = new Date()): Promise<WebhookEndpointWithSecret> {
  const endpoint = await requireEndpoint(scope, id);
  const secret = generateSecret();
  const graceEnd = new Date(now.getTime() + ROTATION_GRACE_MS);
  const kept = endpoint.secrets
    .filter((entry) => !entry.expiresAt || entry.expiresAt > now)
    .map((entry) => ({ secret: entry.secret, expiresAt: entry.expiresAt && entry.expiresAt < graceEnd ? entry.expiresAt : graceEnd }));
  const updated = await updateEndpoint(scope, id, { secrets: [{ secret, expiresAt: null }, ...kept] });
  if (!updated) throw notFound('Webhook endpoint');
  await audit('webhook.secret_rotated', actor, id, { previousValidUntil: graceEnd.toISOString() });
  return { ...presentEndpoint(updated), secret };
}

export async function listDeliveries(scope: OrgScope, id: string): Promise<WebhookDeliveryView[]> {
  const endpoint = await requireEndpoint(scope, id);
  return (await recentDeliveries(endpoint._id, DELIVERY_PAGE)).map(({ record, inProgress }) => presentDelivery(record, inProgress));
}

/**
 * Sends a delivery again with the same id and body, on a fresh retry schedule: it goes back into
 * the outbox (an id of its own per replay, so a retried request inserts it once), then leaves the
 * history, where it returns when it finishes.
 */
export async function replayDelivery(scope: OrgScope, actor: Actor, id: string, deliveryId: string): Promise<WebhookDeliveryView> {
  const endpoint = await requireEndpoint(scope, id);
  const found = await deliveryOf(endpoint._id, deliveryId);
  if (!found) throw notFound('Delivery');
  const delivery = found.record;
  if (delivery.status === 'pending') throw conflict('delivery_pending', 'The delivery is still being tried; it can be replayed once it has succeeded or failed');
  if (!endpoint.enabled) throw conflict('webhook_disabled', 'The endpoint is disabled: enable it before replaying');
  const now = new Date();
  const replayed = { ...delivery, _id: `${delivery._id}:r${delivery.attempts}`, deliveryId: delivery._id, batch: newBatchId(), status: 'pending' as const, scheduleStart: delivery.attempts, nextAttemptAt: now, finishedAt: null };
  await insertEachOnce(WebhookOutboxModel, [replayed]);
  await WebhookDeliveryModel.deleteOne({ _id: delivery._id, attempts: delivery.attempts });
  await audit('webhook.delivery_replayed', actor, id, { deliveryId });
  return presentDelivery({ ...replayed, _id: delivery._id });
}
