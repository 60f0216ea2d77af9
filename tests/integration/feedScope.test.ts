import { createPlatform } from '../../fixtures/factories';
import { grantFeedReadToEarlierKeys } from '../../server/src/features/apiKeys/feedScopeGrant';
import { OnceModel } from '../../server/src/features/meta/onceModel';
import { HttpClient } from '../support/http';
import { publishCase } from '../support/publishing';
import { teamSuite } from '../support/workbench';

// The feed is public; a platform that calls it with its API key is served as that key, which
// needs `feed:read` (and is counted against its limit). The fast path never answers a keyed request.
const suite = teamSuite();

beforeAll(async () => {
  await publishCase(suite.team);
});

test('anyone reads /api/v1/feed; a key is served only with feed:read, counted against its limit', async () => {
  const anonymous = new HttpClient(suite.app.baseUrl);
  const withScope = new HttpClient(suite.app.baseUrl, { apiKey: (await createPlatform(['feed:read'])).apiKey });
  const withoutScope = new HttpClient(suite.app.baseUrl, { apiKey: (await createPlatform(['claims:write', 'claims:read', 'match:read', 'webhooks:manage'])).apiKey });

  // Twice each: the second anonymous request is answered by the fast path, which must not serve the keys.
  for (let round = 0; round < 2; round += 1) {
    const open = await anonymous.get('/api/v1/feed');
    expect(open.status).toBe(200);
    expect(open.body.items.length).toBeGreaterThan(0);
    expect(open.headers.get('ratelimit-limit')).toBeNull();

    const refused = await withoutScope.get('/api/v1/feed');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'insufficient_scope']);
    expect(refused.body.error.message).toContain('feed:read');

    const served = await withScope.get('/api/v1/feed');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(open.body);
    expect(Number(served.headers.get('ratelimit-limit'))).toBeGreaterThan(0);
    expect(served.headers.get('ratelimit-remaining')).not.toBeNull();

    const invalid = await anonymous.get('/api/v1/feed', { headers: { authorization: 'Bearer rf_nothing_here' } });
    expect([invalid.status, invalid.body.error.code]).toEqual([401, 'invalid_api_key']);
  }
  // A keyed answer is not replayed to anyone else.
  expect((await anonymous.get('/api/v1/feed')).headers.get('ratelimit-limit')).toBeNull();
});

test('the feed documents for feed readers stay public whatever a request carries', async () => {
  const withoutScope = new HttpClient(suite.app.baseUrl, { apiKey: (await createPlatform(['claims:read'])).apiKey });
  expect((await withoutScope.get('/feed.atom')).status).toBe(200);
  expect((await withoutScope.get('/feed.json')).status).toBe(200);
});

test('keys issued before feed:read existed are given it once at start; keys issued later keep the scopes they were given', async () => {
  const earlier = new HttpClient(suite.app.baseUrl, { apiKey: (await createPlatform(['claims:write'])).apiKey });
  expect((await earlier.get('/api/v1/feed')).status).toBe(403);
  // As on the first start of this version on a database of an earlier one.
  await OnceModel.deleteOne({ _id: 'api-keys.feed-read.v1' });
  expect(await grantFeedReadToEarlierKeys()).toBeGreaterThan(0);
  expect((await earlier.get('/api/v1/feed')).status).toBe(200);

  const later = new HttpClient(suite.app.baseUrl, { apiKey: (await createPlatform(['claims:write'])).apiKey });
  expect(await grantFeedReadToEarlierKeys()).toBe(0);
  expect((await later.get('/api/v1/feed')).status).toBe(403);
});
