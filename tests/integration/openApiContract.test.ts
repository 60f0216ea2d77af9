import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createPlatform, createUser } from '../../fixtures/factories';
import { createApp } from '../../server/src/app';
import { createLogger } from '../../server/src/logger';
import { HttpClient, type HttpResponse } from '../support/http';
import { routesOf } from '../support/routes';
import { startTestApp, type TestApp } from '../support/testApp';
import { startReceiver, waitFor, type WebhookReceiver } from '../support/webhookReceiver';
import { correctCase, publishCase, report, webhookPlatform } from '../support/webhooks';
import { createTeam, loggedIn, type Team } from '../support/workbench';

/**
 * The OpenAPI document against the server's real answers: every documented operation is called,
 * every answer's status must be documented for it and its body must validate against the
 * documented schema (strict objects: no field may be added or dropped unnoticed), the webhook
 * payloads a real receiver gets validate against the documented webhooks, and the platform routes
 * the app serves are exactly the documented ones.
 */
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
  webhooks: Record<string, { post: { requestBody: unknown } }>;
}

const FAST_RETRIES = [100, 100, 100, 100, 100, 100, 100];
const PLATFORM_PREFIXES = ['/api/v1/claims', '/api/v1/match', '/api/v1/feed', '/api/v1/publications', '/api/v1/webhooks', '/api/v1/api-keys', '/api/v1/insights'];
const MISSING_ID = '0123456789abcdef01234567';

let app: TestApp;
let team: Team;
let receiver: WebhookReceiver;
let document: OpenApiDocument;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
/** `METHOD /documented/{path}` → statuses seen. */
const seen = new Map<string, Set<number>>();
const problems: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ webhooks: { allowPrivate: true, pollMs: 50, retryDelaysMs: FAST_RETRIES } });
  team = await createTeam(app.baseUrl);
  receiver = await startReceiver();
  const served = await fetch(`${app.baseUrl}/api/openapi.json`);
  expect(served.status).toBe(200);
  document = (await served.json()) as OpenApiDocument;
  ajv.addSchema(document, 'openapi.json');
});
afterAll(async () => {
  await receiver?.close();
  await app?.close();
});

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function validate(schemaPointer: string, body: unknown, what: string): void {
  const check = ajv.getSchema(`openapi.json#/${schemaPointer}`);
  if (!check) {
    problems.push(`${what}: no schema at ${schemaPointer}`);
    return;
  }
  if (!check(body)) problems.push(`${what}: ${ajv.errorsText(check.errors)} in ${JSON.stringify(body).slice(0, 300)}`);
}

/** Checks one real answer against the operation's documented responses. */
async function contract<T>(method: string, documentedPath: string, call: Promise<HttpResponse<T>>): Promise<HttpResponse<T>> {
  const response = await call;
  const operation = document.paths[documentedPath]?.[method.toLowerCase()];
  const what = `${method} ${documentedPath} → ${response.status}`;
  if (!operation) {
    problems.push(`${what}: not documented`);
    return response;
  }
  const key = `${method} ${documentedPath}`;
  if (!seen.has(key)) seen.set(key, new Set());
  seen.get(key)!.add(response.status);
  const documented = operation.responses[String(response.status)];
  if (!documented) {
    problems.push(`${what}: status not documented`);
    return response;
  }
  const types = Object.keys(documented.content ?? {});
  if (types.includes('application/json')) validate(pointer('paths', documentedPath, method.toLowerCase(), 'responses', String(response.status), 'content', 'application/json', 'schema'), response.body, what);
  // A page or a file: its media type must be the documented one.
  else if (types.length > 0 && !types.some((type) => (response.headers.get('content-type') ?? '').startsWith(type))) problems.push(`${what}: ${response.headers.get('content-type')} is not ${types.join(' or ')}`);
  return response;
}

test('the document is OpenAPI 3.1 and documents exactly the platform routes the app serves', () => {
  expect(document.openapi).toBe('3.1.0');
  const served = routesOf(createApp({ log: createLogger('silent'), clientDir: '/nonexistent' }))
    .map((route) => route.replace(/\/$/, ''))
    .filter((route) => PLATFORM_PREFIXES.some((prefix) => route.split(' ')[1]!.startsWith(prefix)));
  const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
  expect(documented.sort()).toEqual([...new Set(served)].sort());
});

test('real answers of every documented operation, successes and errors, validate against the document', async () => {
  const platform = await webhookPlatform(app.baseUrl);
  const admin = await loggedIn(app.baseUrl, await createUser({ roles: ['admin'], orgId: platform.orgId }));
  const narrow = await createPlatform(['claims:read']);
  const narrowKey = new HttpClient(app.baseUrl, { apiKey: narrow.apiKey });
  const anonymous = new HttpClient(app.baseUrl);

  // Webhooks first, so that the events below reach the receiver.
  const endpoint = (await contract('POST', '/api/v1/webhooks', platform.http.post('/api/v1/webhooks', { url: receiver.url, events: ['claim.matched', 'claim.resolved', 'publication.updated', 'publication.retracted'] }))).body;
  await contract('POST', '/api/v1/webhooks', platform.http.post('/api/v1/webhooks', { url: 'not a url', events: [] }));
  await contract('GET', '/api/v1/webhooks', platform.http.get('/api/v1/webhooks'));
  await contract('GET', '/api/v1/webhooks', anonymous.get('/api/v1/webhooks'));
  await contract('PATCH', '/api/v1/webhooks/{id}', platform.http.request('PATCH', `/api/v1/webhooks/${endpoint.id}`, { json: { enabled: true } }));
  await contract('PATCH', '/api/v1/webhooks/{id}', platform.http.request('PATCH', `/api/v1/webhooks/${MISSING_ID}`, { json: { enabled: true } }));
  await contract('POST', '/api/v1/webhooks/{id}/rotate-secret', platform.http.post(`/api/v1/webhooks/${endpoint.id}/rotate-secret`));

  // Claims: new, repeated, bad, unauthenticated, without the scope; status before and after publication.
  const first = await report(platform, { text: 'Drinking hot lemon water every morning cures stomach cancer within weeks' });
  await contract('POST', '/api/v1/claims', platform.http.post('/api/v1/claims', { externalId: first.externalId, text: first.text }));
  await contract('POST', '/api/v1/claims', platform.http.post('/api/v1/claims', { externalId: 'has spaces', text: '' }));
  await contract('POST', '/api/v1/claims', anonymous.post('/api/v1/claims', { externalId: 'x', text: 'y' }));
  await contract('POST', '/api/v1/claims', narrowKey.post('/api/v1/claims', { externalId: 'x', text: 'y' }));
  await contract('GET', '/api/v1/claims/{id}', platform.http.get(`/api/v1/claims/${first.id}`));
  await contract('GET', '/api/v1/claims/{id}', platform.http.get(`/api/v1/claims/${MISSING_ID}`));
  const publication = await publishCase(team, first.caseId);
  await contract('GET', '/api/v1/claims/{id}', platform.http.get(`/api/v1/claims/${first.id}`));
  await contract('POST', '/api/v1/claims', platform.http.post('/api/v1/claims', { externalId: `${first.externalId}-again`, text: first.text }));
  await contract('POST', '/api/v1/match', platform.http.post('/api/v1/match', { text: first.text }));
  await contract('POST', '/api/v1/match', platform.http.post('/api/v1/match', { text: '' }));
  const corrected = await correctCase(team, first.caseId);
  // A retraction, by the lead of the organisation that approved it; then the refusals.
  const retract = (member: { http: HttpClient } | HttpClient, id: string, body: unknown) =>
    contract('POST', '/api/v1/publications/{id}/retract', ('http' in member ? member.http : member).post(`/api/v1/publications/${id}/retract`, body));
  expect((await retract(team.lead, publication.id, { reason: 'Not the current version' })).status).toBe(409);
  expect((await retract(team.otherLead, corrected.id, { reason: 'Another organisation' })).status).toBe(403);
  expect((await retract(team.lead, corrected.id, {})).status).toBe(400);
  expect((await retract(anonymous, corrected.id, { reason: 'Nobody' })).status).toBe(401);
  expect((await retract(team.lead, MISSING_ID, { reason: 'Missing' })).status).toBe(404);
  expect((await retract(team.lead, corrected.id, { reason: 'The study behind it was withdrawn' })).status).toBe(201);
  expect((await retract(team.lead, corrected.id, { reason: 'Twice' })).status).toBe(409);

  await contract('GET', '/api/v1/feed', anonymous.get('/api/v1/feed?limit=5'));
  await contract('GET', '/api/v1/feed', anonymous.get('/api/v1/feed?limit=0'));
  await contract('GET', '/api/v1/feed', narrowKey.get('/api/v1/feed?limit=5'));
  await contract('GET', '/api/v1/feed', team.platform.http.get('/api/v1/feed?limit=5'));
  await contract('GET', '/api/v1/publications/{id}', anonymous.get(`/api/v1/publications/${publication.id}`));
  await contract('GET', '/api/v1/publications/{id}', anonymous.get(`/api/v1/publications/${MISSING_ID}`));

  // Every event type the platform subscribed to arrives, and its body is the documented payload.
  const types = () => new Set(receiver.received.map((message) => (JSON.parse(message.body) as { type: string }).type));
  const expected = ['claim.matched', 'claim.resolved', 'publication.updated', 'publication.retracted'];
  await waitFor(expected.join(', '), () => expected.every((type) => types().has(type)));
  for (const message of receiver.received) {
    const type = (JSON.parse(message.body) as { type: string }).type;
    validate(pointer('webhooks', type, 'post', 'requestBody', 'content', 'application/json', 'schema'), JSON.parse(message.body), `webhook ${type}`);
  }

  // A delivery is replayed once it is settled (a pending one is refused with 409).
  let delivered: { id: string } | undefined;
  await waitFor('a settled delivery', async () => {
    const deliveries = (await contract('GET', '/api/v1/webhooks/{id}/deliveries', platform.http.get(`/api/v1/webhooks/${endpoint.id}/deliveries`))).body.items as Array<{ id: string; status: string }>;
    delivered = deliveries.find((delivery) => delivery.status === 'delivered');
    return delivered !== undefined;
  });
  await contract('POST', '/api/v1/webhooks/{id}/deliveries/{deliveryId}/replay', platform.http.post(`/api/v1/webhooks/${endpoint.id}/deliveries/${delivered!.id}/replay`));
  await contract('POST', '/api/v1/webhooks/{id}/deliveries/{deliveryId}/replay', platform.http.post(`/api/v1/webhooks/${endpoint.id}/deliveries/${delivered!.id}/replay`));
  await contract('POST', '/api/v1/webhooks/{id}/deliveries/{deliveryId}/replay', platform.http.post(`/api/v1/webhooks/${endpoint.id}/deliveries/msg_${'0'.repeat(24)}/replay`));
  await contract('DELETE', '/api/v1/webhooks/{id}', platform.http.request('DELETE', `/api/v1/webhooks/${endpoint.id}`));
  await contract('DELETE', '/api/v1/webhooks/{id}', platform.http.request('DELETE', `/api/v1/webhooks/${endpoint.id}`));

  // API keys, by the platform's admin; and a key over its limit.
  const issued = (await contract('POST', '/api/v1/api-keys', admin.http.post('/api/v1/api-keys', { label: 'Contract', scopes: ['claims:read'], perMinute: 1 }))).body;
  await contract('POST', '/api/v1/api-keys', admin.http.post('/api/v1/api-keys', { label: '', scopes: [] }));
  await contract('GET', '/api/v1/api-keys', admin.http.get('/api/v1/api-keys'));
  await contract('GET', '/api/v1/api-keys', team.reviewer.http.get('/api/v1/api-keys'));
  const limited = new HttpClient(app.baseUrl, { apiKey: issued.key });
  await contract('GET', '/api/v1/claims/{id}', limited.get(`/api/v1/claims/${MISSING_ID}`));
  const refused = await contract('GET', '/api/v1/claims/{id}', limited.get(`/api/v1/claims/${MISSING_ID}`));
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  const successor = (await contract('POST', '/api/v1/api-keys/{id}/rotate', admin.http.post(`/api/v1/api-keys/${issued.id}/rotate`, { graceHours: 0 }))).body;
  await contract('POST', '/api/v1/api-keys/{id}/rotate', admin.http.post(`/api/v1/api-keys/${issued.id}/rotate`, { graceHours: 0 }));
  await contract('POST', '/api/v1/api-keys/{id}/revoke', admin.http.post(`/api/v1/api-keys/${successor.id}/revoke`));
  await contract('POST', '/api/v1/api-keys/{id}/revoke', admin.http.post(`/api/v1/api-keys/${MISSING_ID}/revoke`));

  // Insights: a lead's figures, a bad range, a reviewer, nobody.
  await contract('GET', '/api/v1/insights/summary', team.lead.http.get('/api/v1/insights/summary'));
  await contract('GET', '/api/v1/insights/summary', team.lead.http.get('/api/v1/insights/summary?from=2026-05-02&to=2026-05-01'));
  await contract('GET', '/api/v1/insights/summary', team.reviewer.http.get('/api/v1/insights/summary'));
  await contract('GET', '/api/v1/insights/summary', anonymous.get('/api/v1/insights/summary'));
  await contract('GET', '/api/v1/insights/ranking', team.lead.http.get('/api/v1/insights/ranking'));
  await contract('GET', '/api/v1/insights/ranking', team.lead.http.get('/api/v1/insights/ranking?month=2026-13'));
  await contract('GET', '/api/v1/insights/export/cases.csv', team.lead.http.get('/api/v1/insights/export/cases.csv'));
  await contract('GET', '/api/v1/insights/export/cases.csv', team.lead.http.get('/api/v1/insights/export/cases.csv?topic=astrology'));
  await contract('GET', '/api/v1/insights/report', team.lead.http.get('/api/v1/insights/report?lang=en'));
  await contract('GET', '/api/v1/insights/report', team.lead.http.get('/api/v1/insights/report?month=2999-01'));
  await contract('GET', '/api/v1/insights/report.pdf', team.lead.http.get('/api/v1/insights/report.pdf'));
  await contract('GET', '/api/v1/insights/report.pdf', team.reviewer.http.get('/api/v1/insights/report.pdf'));

  expect(problems).toEqual([]);
  // Every documented operation was called and answered with a success at least once.
  const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
  const succeeded = documented.filter((operation) => [...(seen.get(operation) ?? [])].some((status) => status < 300));
  expect(succeeded.sort()).toEqual(documented.sort());
});

test('/api/docs renders the document with Swagger UI served by Refute itself', async () => {
  const page = await fetch(`${app.baseUrl}/api/docs`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((match) => match[1]!);
  expect(scripts.every((src) => src.startsWith('/api/docs/'))).toBe(true);
  for (const src of scripts) expect((await fetch(`${app.baseUrl}${src}`)).status).toBe(200);
  expect(await (await fetch(`${app.baseUrl}/api/docs/init.js`)).text()).toContain('/api/openapi.json');
});
