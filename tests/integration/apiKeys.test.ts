import { createPlatform, createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { HttpClient } from '../support/http';
import { startRedis, type RedisServer } from '../support/redis';
import { startServerProcess, type ServerProcess } from '../support/serverProcess';
import { startTestApp, type TestApp } from '../support/testApp';
import { loggedIn, type Member } from '../support/workbench';

// A platform's admins manage its API keys; every key is limited per minute across processes.
let redis: RedisServer;
let app: TestApp;
let other: ServerProcess;

beforeAll(async () => {
  redis = await startRedis();
  app = await startTestApp({ redisUrl: redis.url });
  // A second server process on the same database and Redis.
  other = await startServerProcess(app.mongodbUri, { REDIS_URL: redis.url });
});
afterAll(async () => {
  await other?.stop();
  await app?.close();
  await redis?.stop();
});

async function platformAdmin(): Promise<Member & { orgId: string }> {
  const { orgId } = await createPlatform();
  return { ...(await loggedIn(app.baseUrl, await createUser({ roles: ['admin', 'moderator'], orgId }))), orgId };
}

const withKey = (key: string, baseUrl = app.baseUrl) => new HttpClient(baseUrl, { apiKey: key });

test('an admin creates a key that is shown once, lists it by prefix with when it was last used, and it works for its scopes only', async () => {
  const admin = await platformAdmin();
  const created = await admin.http.post('/api/v1/api-keys', { label: 'Moderation bot', scopes: ['webhooks:manage'] });
  expect(created.status).toBe(201);
  const key: string = created.body.key;
  expect(key).toMatch(/^rf_[A-Za-z0-9]{8}_/);
  expect(created.body).toMatchObject({ label: 'Moderation bot', scopes: ['webhooks:manage'], lastUsedAt: null, revokedAt: null, prefix: key.split('_')[1] });

  expect((await withKey(key).get('/api/v1/webhooks')).status).toBe(200);
  const lacking = await withKey(key).post('/api/v1/match', { text: 'Vaccines contain microchips that track you' });
  expect(lacking.status).toBe(403);
  expect(lacking.body.error.code).toBe('insufficient_scope');

  const listed = await admin.http.get('/api/v1/api-keys');
  expect(listed.status).toBe(200);
  // The secret is all after the prefix (it may itself hold underscores).
  expect(JSON.stringify(listed.body)).not.toContain(key.slice(`rf_${key.split('_')[1]}_`.length));
  const mine = listed.body.items.find((item: { id: string }) => item.id === created.body.id);
  expect(mine.lastUsedAt).not.toBeNull();
  expect(await AuditEventModel.countDocuments({ action: 'api_key.created', subjectId: created.body.id })).toBe(1);
});

test("a platform's admin never sees or touches another platform's keys", async () => {
  const [admin, stranger] = await Promise.all([platformAdmin(), platformAdmin()]);
  const created = await admin.http.post('/api/v1/api-keys', { label: 'Ours', scopes: ['claims:read'] });
  expect((await stranger.http.get('/api/v1/api-keys')).body.items.map((item: { id: string }) => item.id)).not.toContain(created.body.id);
  expect((await stranger.http.post(`/api/v1/api-keys/${created.body.id}/revoke`)).status).toBe(404);
  const named = await stranger.http.get(`/api/v1/api-keys?org=${admin.orgId}`);
  expect(named.status).toBe(403);
  expect(named.body.error.code).toBe('other_organisation');
  // A Refute admin acts for a platform it names.
  const refuteAdmin = await loggedIn(app.baseUrl, await createUser({ roles: ['admin'] }));
  expect((await refuteAdmin.http.get(`/api/v1/api-keys?org=${admin.orgId}`)).body.items).toContainEqual(expect.objectContaining({ id: created.body.id }));
});

test('bad input is a 400 naming the field, and changes nothing', async () => {
  const admin = await platformAdmin();
  const before = (await admin.http.get('/api/v1/api-keys')).body.items;
  const bad = await admin.http.post('/api/v1/api-keys', { label: '', scopes: ['everything'], extra: 1 });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('validation_failed');
  expect((await admin.http.get('/api/v1/api-keys')).body.items).toEqual(before);
  const created = await admin.http.post('/api/v1/api-keys', { label: 'K', scopes: ['claims:read'] });
  expect((await admin.http.post(`/api/v1/api-keys/${created.body.id}/rotate`, { graceHours: -1 })).status).toBe(400);
});

test('rotating keeps the old key working for the grace period chosen, shown on the old key; without grace it stops at once', async () => {
  const admin = await platformAdmin();
  const first = (await admin.http.post('/api/v1/api-keys', { label: 'Rotating', scopes: ['webhooks:manage'] })).body;
  const rotated = await admin.http.post(`/api/v1/api-keys/${first.id}/rotate`, { graceHours: 2 });
  expect(rotated.status).toBe(201);
  expect(rotated.body).toMatchObject({ label: 'Rotating', scopes: ['webhooks:manage'] });
  expect(rotated.body.key).not.toBe(first.key);
  expect((await withKey(first.key).get('/api/v1/webhooks')).status).toBe(200);
  expect((await withKey(rotated.body.key).get('/api/v1/webhooks')).status).toBe(200);
  const old = (await admin.http.get('/api/v1/api-keys')).body.items.find((item: { id: string }) => item.id === first.id);
  const graceLeft = Date.parse(old.expiresAt) - Date.now();
  expect(graceLeft).toBeGreaterThan(1.9 * 3_600_000);
  expect(graceLeft).toBeLessThanOrEqual(2 * 3_600_000);
  expect((await admin.http.post(`/api/v1/api-keys/${first.id}/rotate`, { graceHours: 1 })).body.error.code).toBe('api_key_rotated');

  const again = await admin.http.post(`/api/v1/api-keys/${rotated.body.id}/rotate`, { graceHours: 0 });
  const refused = await withKey(rotated.body.key).get('/api/v1/webhooks');
  expect(refused.status).toBe(401);
  expect(refused.body.error.code).toBe('invalid_api_key');
  expect((await withKey(again.body.key).get('/api/v1/webhooks')).status).toBe(200);
});

test('a revoked key is refused at once by every server process', async () => {
  const admin = await platformAdmin();
  const { key, id } = (await admin.http.post('/api/v1/api-keys', { label: 'Leaked', scopes: ['webhooks:manage'] })).body;
  expect((await withKey(key, other.baseUrl).get('/api/v1/webhooks')).status).toBe(200);
  const revoked = await admin.http.post(`/api/v1/api-keys/${id}/revoke`);
  expect(revoked.status).toBe(200);
  expect(revoked.body.revokedAt).not.toBeNull();
  const started = Date.now();
  expect((await withKey(key, other.baseUrl).get('/api/v1/webhooks')).status).toBe(401);
  expect((await withKey(key).get('/api/v1/webhooks')).status).toBe(401);
  expect(Date.now() - started).toBeLessThan(1000);
  expect((await admin.http.post(`/api/v1/api-keys/${id}/rotate`, { graceHours: 1 })).body.error.code).toBe('api_key_revoked');
  expect(await AuditEventModel.countDocuments({ action: 'api_key.revoked', subjectId: id })).toBe(1);
});

test('a key is limited per minute across both processes, with RateLimit headers and Retry-After on 429', async () => {
  const admin = await platformAdmin();
  const { key } = (await admin.http.post('/api/v1/api-keys', { label: 'Limited', scopes: ['webhooks:manage'], perMinute: 4 })).body;
  const remaining: string[] = [];
  for (const baseUrl of [app.baseUrl, other.baseUrl, app.baseUrl, other.baseUrl]) {
    const answer = await withKey(key, baseUrl).get('/api/v1/webhooks');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('ratelimit-limit')).toBe('4');
    remaining.push(answer.headers.get('ratelimit-remaining')!);
  }
  expect(remaining).toEqual(['3', '2', '1', '0']);
  for (const baseUrl of [app.baseUrl, other.baseUrl]) {
    const refused = await withKey(key, baseUrl).get('/api/v1/webhooks');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
  }
  // Another key of the same platform has its own count.
  const { key: second } = (await admin.http.post('/api/v1/api-keys', { label: 'Other', scopes: ['webhooks:manage'] })).body;
  expect((await withKey(second, other.baseUrl).get('/api/v1/webhooks')).status).toBe(200);
});
