import { buildClaimReport, createPlatform, createUser } from '../../fixtures/factories';
import { UserModel } from '../../server/src/features/users/model';
import { HttpClient } from '../support/http';
import { startTestApp, type TestApp } from '../support/testApp';
import { loggedIn } from '../support/workbench';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

test('workbench routes need a session: 401 without one', async () => {
  const anonymous = new HttpClient(app.baseUrl);
  expect((await anonymous.get('/api/v1/cases')).status).toBe(401);
  expect((await anonymous.get('/api/v1/auth/me')).status).toBe(401);
  const forged = await anonymous.get('/api/v1/cases', { headers: { cookie: 'refute_session=' + 'a'.repeat(43) } });
  expect(forged.status).toBe(401);
});

test('login with a wrong password or unknown email is 401 with the same message', async () => {
  const user = await createUser();
  const client = new HttpClient(app.baseUrl);
  const wrong = await client.post('/api/v1/auth/login', { email: user.email, password: 'not-the-password' });
  const unknown = await client.post('/api/v1/auth/login', { email: 'nobody@test.example', password: 'whatever' });
  expect([wrong.status, unknown.status]).toEqual([401, 401]);
  expect(wrong.body.error.message).toBe(unknown.body.error.message);
});

test('login sets an HttpOnly SameSite cookie; logout revokes the session', async () => {
  const user = await createUser({ roles: ['reviewer'] });
  const client = new HttpClient(app.baseUrl);
  const login = await client.post('/api/v1/auth/login', { email: user.email.toUpperCase(), password: user.password });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  expect((await client.get('/api/v1/auth/me')).body.user).toMatchObject({ email: user.email, roles: ['reviewer'] });

  const token = cookie.split(';')[0]!;
  expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
  const replay = await new HttpClient(app.baseUrl).get('/api/v1/auth/me', { headers: { cookie: token } });
  expect(replay.status).toBe(401);
});

test('a disabled account loses access at once', async () => {
  const user = await loggedIn(app.baseUrl, await createUser());
  expect((await user.http.get('/api/v1/cases')).status).toBe(200);
  await UserModel.updateOne({ _id: user.id }, { $set: { disabled: true } });
  expect((await user.http.get('/api/v1/cases')).status).toBe(401);
});

test('roles are checked: a moderator cannot open the review queue (403)', async () => {
  const moderator = await loggedIn(app.baseUrl, await createUser({ roles: ['moderator'] }));
  const response = await moderator.http.get('/api/v1/cases');
  expect(response.status).toBe(403);
  expect(response.body.error.code).toBe('forbidden');
});

test('state changes with the session cookie from another origin are refused', async () => {
  const reviewer = await loggedIn(app.baseUrl, await createUser());
  const crossSite = await reviewer.http.post('/api/v1/auth/logout', undefined, { headers: { origin: 'https://evil.example' } });
  expect(crossSite.status).toBe(403);
  expect(crossSite.body.error.code).toBe('cross_origin');
  const fetchSite = await reviewer.http.post('/api/v1/auth/logout', undefined, { headers: { 'sec-fetch-site': 'cross-site' } });
  expect(fetchSite.status).toBe(403);
  expect((await reviewer.http.get('/api/v1/auth/me')).status).toBe(200);
  const sameOrigin = await reviewer.http.post('/api/v1/auth/logout', undefined, { headers: { origin: app.baseUrl } });
  expect(sameOrigin.status).toBe(204);
});

test('platform routes need a valid API key with the right scope', async () => {
  const report = buildClaimReport();
  const none = await new HttpClient(app.baseUrl).post('/api/v1/claims', report);
  expect(none.status).toBe(401);
  const malformed = await new HttpClient(app.baseUrl, { apiKey: 'nonsense' }).post('/api/v1/claims', report);
  expect(malformed.status).toBe(401);
  const { apiKey } = await createPlatform(['claims:read']);
  const forged = apiKey.slice(0, -4) + 'AAAA';
  expect((await new HttpClient(app.baseUrl, { apiKey: forged }).post('/api/v1/claims', report)).status).toBe(401);
  const readOnly = await new HttpClient(app.baseUrl, { apiKey }).post('/api/v1/claims', report);
  expect(readOnly.status).toBe(403);
  expect(readOnly.body.error.code).toBe('insufficient_scope');
});

test('repeated failed logins for one account are slowed down with 429 and Retry-After', async () => {
  const user = await createUser();
  const client = new HttpClient(app.baseUrl);
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 11; attempt += 1) {
    statuses.push((await client.post('/api/v1/auth/login', { email: user.email, password: 'wrong-password' })).status);
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
  expect(statuses[10]).toBe(429);
  const blocked = await client.post('/api/v1/auth/login', { email: user.email, password: user.password });
  expect(blocked.status).toBe(429);
  expect(blocked.body.error.code).toBe('too_many_attempts');
  expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(60);
  const otherUser = await createUser();
  expect((await client.post('/api/v1/auth/login', { email: otherUser.email, password: otherUser.password })).status).toBe(200);
});

test('X-Forwarded-For is ignored without a trusted proxy: rotating it does not escape the limit', async () => {
  const user = await createUser();
  const client = new HttpClient(app.baseUrl);
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const forwardedFor = `203.0.113.${attempt + 1}`;
    statuses.push((await client.post('/api/v1/auth/login', { email: user.email, password: `guess-${attempt}` }, { headers: { 'x-forwarded-for': forwardedFor } })).status);
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
  expect(statuses.slice(10)).toEqual([429, 429]);
  const rightPassword = await client.post('/api/v1/auth/login', { email: user.email, password: user.password }, { headers: { 'x-forwarded-for': '198.51.100.7' } });
  expect(rightPassword.status).toBe(429);
  expect(rightPassword.headers.get('retry-after')).toMatch(/^\d+$/);
});

test('guesses sent all at once are counted before their passwords are checked: at most the allowed number are tried', async () => {
  const user = await createUser();
  const guesses = Array.from({ length: 25 }, (_, index) => new HttpClient(app.baseUrl).post('/api/v1/auth/login', { email: user.email, password: `parallel-${index}` }));
  const statuses = (await Promise.all(guesses)).map((response) => response.status);
  expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
  expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(15);
  expect((await new HttpClient(app.baseUrl).post('/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(429);
});

test('login is accepted only from the app itself: a foreign Origin or a cross-site fetch is refused', async () => {
  const user = await createUser();
  const foreign = await new HttpClient(app.baseUrl).post('/api/v1/auth/login', { email: user.email, password: user.password }, { headers: { origin: 'https://evil.example' } });
  expect(foreign.status).toBe(403);
  expect(foreign.body.error.code).toBe('cross_origin');
  expect(foreign.headers.get('set-cookie')).toBeNull();
  const crossSite = await new HttpClient(app.baseUrl).post('/api/v1/auth/login', { email: user.email, password: user.password }, { headers: { 'sec-fetch-site': 'cross-site' } });
  expect(crossSite.status).toBe(403);
  const ownPage = await new HttpClient(app.baseUrl).post('/api/v1/auth/login', { email: user.email, password: user.password }, { headers: { origin: app.baseUrl, 'sec-fetch-site': 'same-origin' } });
  expect(ownPage.status).toBe(200);
});
