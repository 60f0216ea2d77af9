/**
 * The OpenAPI 3.1 description of the platform API, generated from the shared zod schemas the
 * routes parse with and the server's answers are typed by: nothing here restates a field.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  apiKeyCreateSchema,
  apiKeyRotateSchema,
  apiKeyViewSchema,
  apiKeyWithSecretSchema,
  claimIntakeResponseSchema,
  claimReportSchema,
  claimStatusResponseSchema,
  errorBodySchema,
  feedPageSchema,
  feedQuerySchema,
  idParamsSchema,
  insightsQuerySchema,
  insightsRankingQuerySchema,
  insightsRankingSchema,
  insightsReportQuerySchema,
  insightsSummarySchema,
  matchRequestSchema,
  matchResponseSchema,
  orgQuerySchema,
  publicationViewSchema,
  retractPublicationSchema,
  webhookCreateSchema,
  webhookDeliveryParamsSchema,
  webhookDeliveryViewSchema,
  webhookEndpointViewSchema,
  webhookEndpointWithSecretSchema,
  webhookParamsSchema,
  webhookPayloadSchemas,
  webhookUpdateSchema,
} from '@refute/shared';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth/sessions';

/** Named with zod's own metadata: the shared schemas were built before any extension could be applied. */
const errorSchema = errorBodySchema.meta({ id: 'Error' });

const json = (schema: z.ZodType, description: string, headers?: ResponseConfig['headers']): ResponseConfig => ({
  description,
  content: { 'application/json': { schema } },
  ...(headers ? { headers } : {}),
});

const rateLimitHeaders: ResponseConfig['headers'] = {
  'RateLimit-Limit': { description: "The key's requests per minute", schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in this minute', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the minute ends', schema: { type: 'integer' } },
};

/** The errors every route can answer, by status; each route adds its own successes. */
function errors(...statuses: Array<400 | 401 | 403 | 404 | 409 | 429>): Record<number, ResponseConfig> {
  const described: Record<number, string> = {
    400: 'Invalid input (`validation_failed` with the fields in `details`, `invalid_json`, …)',
    401: 'No credentials, or invalid ones (`unauthenticated`, `invalid_api_key`)',
    403: 'Not allowed (`insufficient_scope`, `forbidden`, `other_organisation`, `cross_origin`)',
    404: 'Not found, or another organisation’s (`not_found`)',
    409: 'Conflicts with the current state',
    429: 'Over the key’s per-minute limit (`rate_limited`); wait `Retry-After` seconds',
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      json(errorSchema, described[status]!, status === 429 ? { ...rateLimitHeaders, 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } : undefined),
    ]),
  );
}

const KEY_ERRORS = [400, 401, 403, 429] as const;

function platformRoutes(): RouteConfig[] {
  const byKey = (scope: string) => ({ security: [{ apiKey: [scope] }] });
  const webhookManager: Pick<RouteConfig, 'security'> = { security: [{ apiKey: ['webhooks:manage'] }, { session: [] }] };
  return [
    {
      method: 'post', path: '/api/v1/claims', tags: ['Claims'], summary: 'Report a claim (idempotent per externalId)', ...byKey('claims:write'),
      request: { body: { content: { 'application/json': { schema: claimReportSchema } } } },
      responses: { 201: json(claimIntakeResponseSchema, 'A new report', rateLimitHeaders), 200: json(claimIntakeResponseSchema, 'The same externalId again: the first report', rateLimitHeaders), ...errors(...KEY_ERRORS, 409) },
    },
    {
      method: 'get', path: '/api/v1/claims/{id}', tags: ['Claims'], summary: "A report's status, and its verdict once published", ...byKey('claims:read'),
      request: { params: idParamsSchema },
      responses: { 200: json(claimStatusResponseSchema, 'The report', rateLimitHeaders), ...errors(...KEY_ERRORS, 404) },
    },
    {
      method: 'post', path: '/api/v1/match', tags: ['Claims'], summary: 'Check a text against published verdicts', ...byKey('match:read'),
      request: { body: { content: { 'application/json': { schema: matchRequestSchema } } } },
      responses: { 200: json(matchResponseSchema, '`matches`: the same claim; `related`: the same subject', rateLimitHeaders), ...errors(...KEY_ERRORS) },
    },
    {
      method: 'get', path: '/api/v1/feed', tags: ['Feed'], summary: 'Published verdicts, newest first, by cursor (ETag / If-None-Match)',
      description: 'Public. A request that sends an API key is served as that key: the key needs `feed:read` and the request counts against its limit.',
      security: [{}, { apiKey: ['feed:read'] }],
      request: { query: feedQuerySchema },
      responses: { 200: json(feedPageSchema, 'A page of publications'), 304: { description: 'Unchanged since the ETag sent' }, ...errors(...KEY_ERRORS) },
    },
    {
      method: 'get', path: '/api/v1/publications/{id}', tags: ['Feed'], summary: 'One publication',
      request: { params: idParamsSchema },
      responses: { 200: json(publicationViewSchema, 'The publication'), ...errors(400, 404) },
    },
    {
      method: 'post', path: '/api/v1/publications/{id}/retract', tags: ['Feed'], security: [{ session: [] }],
      summary: "Retract the case's current publication (a lead of the organisation that reviewed it; cannot be undone)",
      description: 'Publishes the retraction as the case\'s next version, sends `publication.retracted` to every platform that reported the case, and takes the verdict out of matching. 409: `not_published` (an earlier version, or the case is not published now), `already_retracted`.',
      request: { params: idParamsSchema, body: { content: { 'application/json': { schema: retractPublicationSchema } } } },
      responses: { 201: json(publicationViewSchema, 'The retraction'), ...errors(400, 401, 403, 404, 409) },
    },
    {
      method: 'post', path: '/api/v1/webhooks', tags: ['Webhooks'], summary: 'Add an endpoint; its `whsec_` secret is shown only here', ...webhookManager,
      request: { query: orgQuerySchema, body: { content: { 'application/json': { schema: webhookCreateSchema } } } },
      responses: { 201: json(webhookEndpointWithSecretSchema, 'The endpoint with its secret'), ...errors(...KEY_ERRORS) },
    },
    {
      method: 'get', path: '/api/v1/webhooks', tags: ['Webhooks'], summary: "The organisation's endpoints", ...webhookManager,
      request: { query: orgQuerySchema },
      responses: { 200: json(z.strictObject({ items: z.array(webhookEndpointViewSchema) }), 'Endpoints'), ...errors(...KEY_ERRORS) },
    },
    {
      method: 'patch', path: '/api/v1/webhooks/{id}', tags: ['Webhooks'], summary: 'Change URL, events or enabled', ...webhookManager,
      request: { params: webhookParamsSchema, query: orgQuerySchema, body: { content: { 'application/json': { schema: webhookUpdateSchema } } } },
      responses: { 200: json(webhookEndpointViewSchema, 'The endpoint'), ...errors(...KEY_ERRORS, 404) },
    },
    {
      method: 'delete', path: '/api/v1/webhooks/{id}', tags: ['Webhooks'], summary: 'Remove an endpoint', ...webhookManager,
      request: { params: webhookParamsSchema, query: orgQuerySchema },
      responses: { 204: { description: 'Removed' }, ...errors(...KEY_ERRORS, 404) },
    },
    {
      method: 'post', path: '/api/v1/webhooks/{id}/rotate-secret', tags: ['Webhooks'], summary: 'New secret; the old one keeps signing for 24 h', ...webhookManager,
      request: { params: webhookParamsSchema, query: orgQuerySchema },
      responses: { 200: json(webhookEndpointWithSecretSchema, 'The endpoint with its new secret'), ...errors(...KEY_ERRORS, 404) },
    },
    {
      method: 'get', path: '/api/v1/webhooks/{id}/deliveries', tags: ['Webhooks'], summary: 'The delivery log, newest first', description: 'Finished deliveries (delivered, failed, cancelled) are kept for the retention period (30 days unless the deployment sets REFUTE_WEBHOOK_RETENTION_DAYS), then deleted: older ones are no longer listed nor replayable (404).', ...webhookManager,
      request: { params: webhookParamsSchema, query: orgQuerySchema },
      responses: { 200: json(z.strictObject({ items: z.array(webhookDeliveryViewSchema) }), 'Deliveries with their attempts'), ...errors(...KEY_ERRORS, 404) },
    },
    {
      method: 'post', path: '/api/v1/webhooks/{id}/deliveries/{deliveryId}/replay', tags: ['Webhooks'], summary: 'Deliver again, with the same id and body', ...webhookManager,
      request: { params: webhookDeliveryParamsSchema, query: orgQuerySchema },
      responses: { 202: json(webhookDeliveryViewSchema, 'Scheduled again'), ...errors(...KEY_ERRORS, 404, 409) },
    },
    {
      method: 'get', path: '/api/v1/insights/summary', tags: ['Insights'], summary: "Figures of a range for a lead's or an admin's organisation and those below it", security: [{ session: [] }],
      request: { query: insightsQuerySchema },
      responses: { 200: json(insightsSummarySchema, 'Reports, cases, response times, deadlines, ranking, hotspots and workload'), ...errors(400, 401, 403, 404) },
    },
    {
      method: 'get', path: '/api/v1/insights/ranking', tags: ['Insights'], summary: "A month's most reported published rumors (辟谣榜), overall and per topic", security: [{ session: [] }],
      request: { query: insightsRankingQuerySchema },
      responses: { 200: json(insightsRankingSchema, 'The ranking with each verdict and public page'), ...errors(400, 401, 403, 404) },
    },
    {
      method: 'get', path: '/api/v1/insights/export/cases.csv', tags: ['Insights'], summary: 'Cases opened in the range in the organisation\'s scope with their reports, one row per report, streamed as CSV', security: [{ session: [] }],
      request: { query: insightsQuerySchema },
      responses: {
        200: { description: 'CSV (UTF-8 with a byte-order mark); `X-Export-Cases` says how many cases follow, for progress', content: { 'text/csv': { schema: z.string() } }, headers: { 'X-Export-Cases': { description: 'The number of cases in the export', schema: { type: 'integer' } } } },
        ...errors(400, 401, 403, 404),
      },
    },
    {
      method: 'get', path: '/api/v1/insights/report', tags: ['Insights'], summary: "An organisation's monthly report (key figures, charts, response times, regions, ranking) as a printable page", security: [{ session: [] }],
      request: { query: insightsReportQuerySchema },
      responses: { 200: { description: 'The report, one self-contained HTML page styled for A4 print', content: { 'text/html': { schema: z.string() } } }, ...errors(400, 401, 403, 404) },
    },
    {
      method: 'get', path: '/api/v1/insights/report.pdf', tags: ['Insights'], summary: 'The monthly report as a PDF download', security: [{ session: [] }],
      request: { query: insightsReportQuerySchema },
      responses: {
        200: { description: 'The report page printed to A4 by headless Chromium', content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } } },
        ...errors(400, 401, 403, 404),
        503: json(errorSchema, 'No Chromium on the server to print with (`pdf_unavailable`)'),
      },
    },
    {
      method: 'get', path: '/api/v1/api-keys', tags: ['API keys'], summary: "The organisation's keys (never the secrets)", security: [{ session: [] }],
      request: { query: orgQuerySchema },
      responses: { 200: json(z.strictObject({ items: z.array(apiKeyViewSchema) }), 'Keys, newest first'), ...errors(400, 401, 403) },
    },
    {
      method: 'post', path: '/api/v1/api-keys', tags: ['API keys'], summary: 'Issue a key; it is shown only here', security: [{ session: [] }],
      request: { query: orgQuerySchema, body: { content: { 'application/json': { schema: apiKeyCreateSchema } } } },
      responses: { 201: json(apiKeyWithSecretSchema, 'The key'), ...errors(400, 401, 403) },
    },
    {
      method: 'post', path: '/api/v1/api-keys/{id}/rotate', tags: ['API keys'], summary: 'Issue a successor; the old key works for the grace period', security: [{ session: [] }],
      request: { params: idParamsSchema, query: orgQuerySchema, body: { content: { 'application/json': { schema: apiKeyRotateSchema } } } },
      responses: { 201: json(apiKeyWithSecretSchema, 'The successor'), ...errors(400, 401, 403, 404, 409) },
    },
    {
      method: 'post', path: '/api/v1/api-keys/{id}/revoke', tags: ['API keys'], summary: 'Revoke a key, at once on every server', security: [{ session: [] }],
      request: { params: idParamsSchema, query: orgQuerySchema },
      responses: { 200: json(apiKeyViewSchema, 'The revoked key'), ...errors(400, 401, 403, 404) },
    },
  ];
}

function buildDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: '`Authorization: Bearer rf_<prefix>_<secret>`; the scopes named per route' });
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: "A signed-in user's session (same-origin requests only): an admin's, or a lead's for retractions" });
  for (const route of platformRoutes()) registry.registerPath(route);
  for (const [type, schema] of Object.entries(webhookPayloadSchemas)) {
    registry.registerWebhook({
      method: 'post', path: type, summary: `The ${type} event, signed per Standard Webhooks v1 (webhook-id, webhook-timestamp, webhook-signature)`,
      request: { body: { content: { 'application/json': { schema } } } },
      responses: { 200: { description: 'Any 2xx acknowledges it; 410 Gone disables the endpoint; anything else is retried' } },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Refute platform API', version: '1', description: 'Report claims, check texts against published verdicts, read the feed, and receive verdicts by webhook.' },
  });
}

let document: ReturnType<typeof buildDocument> | undefined;

/** Built once per process: the schemas do not change while it runs. */
export function openApiDocument() {
  document ??= buildDocument();
  return document;
}
