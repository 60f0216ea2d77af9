/** Webhook endpoints, always looked up within their organisation; plain objects out. */
import { Types } from 'mongoose';
import type { WebhookEventType } from '@refute/shared';
import { WebhookEndpointModel, type WebhookEndpointRecord } from './model';

export const ROTATION_GRACE_MS = 24 * 3_600_000;

export interface OrgScope {
  orgId: Types.ObjectId;
}

export async function createEndpoint(scope: OrgScope, input: { url: string; events: WebhookEventType[]; secret: string }): Promise<WebhookEndpointRecord> {
  const created = await WebhookEndpointModel.create({ orgId: scope.orgId, url: input.url, events: input.events, enabled: true, secrets: [{ secret: input.secret, expiresAt: null }] });
  return created.toObject();
}

export async function listEndpoints(scope: OrgScope): Promise<WebhookEndpointRecord[]> {
  return WebhookEndpointModel.find({ orgId: scope.orgId }).sort({ createdAt: 1 }).lean<WebhookEndpointRecord[]>();
}

export async function findEndpoint(scope: OrgScope, id: string): Promise<WebhookEndpointRecord | null> {
  return WebhookEndpointModel.findOne({ _id: new Types.ObjectId(id), orgId: scope.orgId }).lean<WebhookEndpointRecord>();
}

export interface EndpointChanges {
  url?: string;
  events?: WebhookEventType[];
  enabled?: boolean;
  disabledReason?: string | null;
  secrets?: Array<{ secret: string; expiresAt: Date | null }>;
}

export async function updateEndpoint(scope: OrgScope, id: string, changes: EndpointChanges): Promise<WebhookEndpointRecord | null> {
  return WebhookEndpointModel.findOneAndUpdate({ _id: new Types.ObjectId(id), orgId: scope.orgId }, { $set: changes }, { returnDocument: 'after' }).lean<WebhookEndpointRecord>();
}

export async function deleteEndpoint(scope: OrgScope, id: string): Promise<boolean> {
  const result = await WebhookEndpointModel.deleteOne({ _id: new Types.ObjectId(id), orgId: scope.orgId });
  return result.deletedCount > 0;
}

/** Endpoints of these organisations that want this event type (or one of these). */
export async function subscribedEndpoints(orgIds: Types.ObjectId[], type: WebhookEventType | readonly WebhookEventType[]): Promise<WebhookEndpointRecord[]> {
  if (orgIds.length === 0) return [];
  const types: readonly WebhookEventType[] = typeof type === 'string' ? [type] : type;
  const endpoints = await WebhookEndpointModel.find({ orgId: { $in: orgIds } }).lean<WebhookEndpointRecord[]>();
  return endpoints.filter((endpoint) => endpoint.enabled && endpoint.events.some((wanted) => types.includes(wanted)));
}

/**
 * Every enabled endpoint subscribed to one of these event types, of every organisation: one read
 * (the collection holds a few documents per platform). The start-up scan asks it first, so a
 * deployment without such endpoints reads nothing more.
 */
export async function allSubscribedEndpoints(types: readonly WebhookEventType[]): Promise<WebhookEndpointRecord[]> {
  const endpoints = await WebhookEndpointModel.find({ enabled: true }).lean<WebhookEndpointRecord[]>();
  return endpoints.filter((endpoint) => endpoint.events.some((type) => types.includes(type)));
}

/**
 * Where a scan for lost events can start: an endpoint receives only events that happened after it
 * was created, so nothing before the earliest of them can be owed to anyone.
 */
export function scanStart(since: Date, endpoints: readonly WebhookEndpointRecord[]): Date {
  const earliest = Math.min(...endpoints.map((endpoint) => endpoint.createdAt.getTime()));
  return new Date(Math.max(since.getTime(), earliest));
}

/** The secrets that sign now: the current one and any rotated out less than a day ago. */
export function activeSecrets(endpoint: Pick<WebhookEndpointRecord, 'secrets'>, now = new Date()): string[] {
  return endpoint.secrets.filter((entry) => !entry.expiresAt || entry.expiresAt > now).map((entry) => entry.secret);
}
