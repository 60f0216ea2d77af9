import { createUser } from '../../fixtures/factories';
import { LOGIN_FAILURES_ALLOWED } from '../../server/src/features/auth/loginLimiter';
import { HttpClient } from '../support/http';
import { startTestApp, type TestApp } from '../support/testApp';

// The server behind a proxy on loopback (REFUTE_TRUST_PROXY=loopback): X-Forwarded-For names the client.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ trustProxy: ['loopback'] });
});
afterAll(() => app.close());

const loginFrom = (email: string, password: string, address: string) =>
  new HttpClient(app.baseUrl).post('/api/v1/auth/login', { email, password }, { headers: { 'x-forwarded-for': address } });

test('behind a trusted proxy the limit counts per client address: another client still logs in', async () => {
  const user = await createUser();
  const statuses: number[] = [];
  for (let attempt = 0; attempt <= LOGIN_FAILURES_ALLOWED; attempt += 1) statuses.push((await loginFrom(user.email, 'wrong-password', '203.0.113.9')).status);
  expect(statuses.at(-1)).toBe(429);
  expect((await loginFrom(user.email, user.password, '203.0.113.9')).status).toBe(429);
  expect((await loginFrom(user.email, user.password, '198.51.100.20')).status).toBe(200);
});

test('guesses spread over many client addresses still lock the account', async () => {
  const user = await createUser();
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 5 * LOGIN_FAILURES_ALLOWED + 1; attempt += 1) {
    statuses.push((await loginFrom(user.email, `guess-${attempt}`, `10.${attempt >> 8}.${attempt & 255}.1`)).status);
  }
  expect(statuses.slice(0, 5 * LOGIN_FAILURES_ALLOWED)).toEqual(Array(5 * LOGIN_FAILURES_ALLOWED).fill(401));
  expect(statuses.at(-1)).toBe(429);
  const locked = await loginFrom(user.email, user.password, '192.0.2.77');
  expect(locked.status).toBe(429);
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
});
