import { z } from 'zod';
import { VERDICTS } from '../enums';
import { httpUrlSchema, objectIdSchema } from './common';
import { retractionViewSchema } from './feed';

/** Webhook events a platform can subscribe to, named like the domain events they come from. */
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

export const webhookEndpointViewSchema = z.strictObject({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  /** Why the endpoint was disabled by Refute (e.g. it answered 410 Gone). */
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookEndpointView = z.infer<typeof webhookEndpointViewSchema>;

/** Only the answers to create and rotate carry the secret. */
export const webhookEndpointWithSecretSchema = webhookEndpointViewSchema.extend({ secret: z.string() });
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecretSchema>;

export const webhookAttemptViewSchema = z.strictObject({
  attempt: z.number().int(),
  at: z.string(),
  /** The HTTP status the endpoint answered, or null when it was not reached. */
  responseCode: z.number().int().nullable(),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
});
export type WebhookAttemptView = z.infer<typeof webhookAttemptViewSchema>;

export const webhookDeliveryViewSchema = z.strictObject({
  id: z.string(),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastResponseCode: z.number().int().nullable(),
  lastLatencyMs: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  log: z.array(webhookAttemptViewSchema),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;

/** A platform's own reports in a payload: Refute's id and the platform's externalId. */
export const webhookReportRefSchema = z.strictObject({ id: z.string(), externalId: z.string() });
export type WebhookReportRef = z.infer<typeof webhookReportRefSchema>;

export const webhookPublicationRefSchema = z.strictObject({
  id: z.string(),
  version: z.number().int(),
  verdict: z.enum(VERDICTS),
  headline: z.string(),
  summary: z.string(),
  url: z.string(),
  correctionReason: z.string().nullable(),
  /** Set on `publication.retracted`: the verdict above is withdrawn and must no longer be shown as valid. */
  retraction: retractionViewSchema.nullable(),
  publishedAt: z.string(),
});
export type WebhookPublicationRef = z.infer<typeof webhookPublicationRefSchema>;

const publicationEventData = z.strictObject({ caseId: z.string(), publication: webhookPublicationRefSchema, reports: z.array(webhookReportRefSchema) });

/** The body of every webhook: `{ type, timestamp, data }` (Standard Webhooks). */
export const webhookPayloadSchemas = {
  'claim.matched': z.strictObject({
    type: z.literal('claim.matched'),
    timestamp: z.string(),
    data: z.strictObject({ caseId: z.string(), publication: webhookPublicationRefSchema, report: webhookReportRefSchema, similarity: z.number().nullable() }),
  }),
  'claim.resolved': z.strictObject({ type: z.literal('claim.resolved'), timestamp: z.string(), data: publicationEventData }),
  'publication.updated': z.strictObject({ type: z.literal('publication.updated'), timestamp: z.string(), data: publicationEventData }),
  'publication.retracted': z.strictObject({ type: z.literal('publication.retracted'), timestamp: z.string(), data: publicationEventData }),
} as const;
export const webhookPayloadSchema = z.discriminatedUnion('type', [
  webhookPayloadSchemas['claim.matched'],
  webhookPayloadSchemas['claim.resolved'],
  webhookPayloadSchemas['publication.updated'],
  webhookPayloadSchemas['publication.retracted'],
]);
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
