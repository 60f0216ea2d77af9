import { z } from 'zod';
import type { Verdict } from '../enums';
import { httpUrlSchema, objectIdSchema } from './common';

/**
 * Webhook events a platform can subscribe to, named like the domain events they come from.
 * `publication.retracted` is part of the contract but not produced yet.
 */
export const WEBHOOK_EVENT_TYPES = ['claim.matched', 'claim.resolved', 'publication.updated', 'publication.retracted'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)]);

export const webhookCreateSchema = z.strictObject({
  url: httpUrlSchema,
  events: eventsSchema,
});
export type WebhookCreate = z.infer<typeof webhookCreateSchema>;

export const webhookUpdateSchema = z
  .strictObject({
    url: httpUrlSchema.optional(),
    events: eventsSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((update) => Object.keys(update).length > 0, 'must change at least one of url, events, enabled');
export type WebhookUpdate = z.infer<typeof webhookUpdateSchema>;


export const webhookParamsSchema = z.strictObject({ id: objectIdSchema });
export const webhookDeliveryParamsSchema = z.strictObject({ id: objectIdSchema, deliveryId: z.string().regex(/^msg_[A-Za-z0-9]{20,40}$/, 'must be a delivery id (msg_...)') });

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  /** Why the endpoint was disabled by Refute (e.g. it answered 410 Gone). */
  disabledReason: string | null;
  createdAt: string;
}

/** Only the answers to create and rotate carry the secret. */
export interface WebhookEndpointWithSecret extends WebhookEndpointView {
  secret: string;
}

export interface WebhookAttemptView {
  attempt: number;
  at: string;
  /** The HTTP status the endpoint answered, or null when it was not reached. */
  responseCode: number | null;
  latencyMs: number | null;
  error: string | null;
}

export interface WebhookDeliveryView {
  id: string;
  type: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastResponseCode: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  createdAt: string;
  log: WebhookAttemptView[];
}

/** A platform's own reports in a payload: Refute's id and the platform's externalId. */
export interface WebhookReportRef {
  id: string;
  externalId: string;
}

export interface WebhookPublicationRef {
  id: string;
  version: number;
  verdict: Verdict;
  headline: string;
  summary: string;
  url: string;
  correctionReason: string | null;
  publishedAt: string;
}

/** The body of every webhook: `{ type, timestamp, data }` (Standard Webhooks). */
export type WebhookPayload =
  | { type: 'claim.matched'; timestamp: string; data: { caseId: string; publication: WebhookPublicationRef; report: WebhookReportRef; similarity: number | null } }
  | { type: 'claim.resolved'; timestamp: string; data: { caseId: string; publication: WebhookPublicationRef; reports: WebhookReportRef[] } }
  | { type: 'publication.updated'; timestamp: string; data: { caseId: string; publication: WebhookPublicationRef; reports: WebhookReportRef[] } };
