/**
 * The publication page's fast path (http/fastPath.ts, publicSite/keptPages.ts) answers a
 * repeated request before express: its answers must be the express app's to the letter (status,
 * every header, security headers included, and body) for every reader a page depends on —
 * language from the link or the browser, large type, encoding, conditional requests — and a new
 * version of the case must reach readers at once.
 */
import http, { type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { publicFastRoutes } from '../../server/src/app';
import { withFastPaths } from '../../server/src/http/fastPath';
import { correctCase, publishCase } from '../support/publishing';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();

/** The same site name on both servers, so that the pages' absolute links are alike. */
const HOST = 'refute.test';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let expressOnly: Server;
let fastServer: Server;
/** Requests of `fastServer` that went on to express. */
let throughExpress = 0;

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
let expressOnlyUrl: string;
let fastUrl: string;

/** A GET through node:http on a connection of its own: fetch would decompress and mark conditional requests no-cache. */
function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}${path}`, { headers: { host: HOST, connection: 'close', ...headers }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** Everything but the moment it was sent. */
const comparable = (response: RawResponse) => ({ status: response.status, headers: { ...response.headers, date: undefined }, body: response.body.toString('base64') });

/**
 * Asks the fast server twice and the express app once: the first goes through express, the
 * second is answered before it, and all three are the same answer. Returns it.
 */
async function sameOnBothPaths(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const first = await rawGet(fastUrl, path, headers);
  const before = throughExpress;
  const repeated = await rawGet(fastUrl, path, headers);
  expect(throughExpress).toBe(before);
  const viaExpress = await rawGet(expressOnlyUrl, path, headers);
  expect(comparable(repeated)).toEqual(comparable(viaExpress));
  expect(comparable(first)).toEqual(comparable(viaExpress));
  return repeated;
}

const html = (response: RawResponse) => {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(response.body).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(response.body).toString('utf8');
  return response.body.toString('utf8');
};

beforeAll(async () => {
  expressOnly = http.createServer(suite.app.expressApp);
  const counted: RequestListener = (req, res) => {
    throughExpress += 1;
    suite.app.expressApp(req, res);
  };
  fastServer = http.createServer(withFastPaths(counted, publicFastRoutes(undefined)));
  [expressOnlyUrl, fastUrl] = await Promise.all([listen(expressOnly), listen(fastServer)]);
});
afterAll(async () => {
  await Promise.all([expressOnly, fastServer].map((server) => new Promise((resolve) => server.close(resolve))));
});

test('a repeated page request is answered before express with the express answer, for every reader it depends on', async () => {
  const publication = await publishCase(suite.team, { draft: { headline: 'Fast path page headline' } });
  const page = `/r/${publication.slug}`;
  const readers: Array<{ path: string; headers?: Record<string, string> }> = [
    { path: page },
    { path: page, headers: { 'accept-language': 'en-US,en;q=0.9' } },
    { path: page, headers: { 'accept-language': 'fr, zh;q=0.5, en;q=0.8' } },
    { path: `${page}?lang=en` },
    { path: `${page}?lang=zh&utm_source=chat`, headers: { 'accept-language': 'en' } },
    { path: page, headers: { cookie: 'other=1; refute_text=large' } },
    { path: `${page}?lang=en`, headers: { cookie: 'refute_text=standard' } },
    { path: page, headers: { 'accept-encoding': 'gzip, deflate, br' } },
    { path: page, headers: { 'accept-encoding': 'gzip' } },
    { path: page, headers: { 'x-forwarded-host': 'elsewhere.example' } },
  ];
  const answers = [];
  for (const reader of readers) answers.push(await sameOnBothPaths(reader.path, reader.headers));

  const [plain, english, frenchFirst, englishLink, chineseLink, large, englishStandard, brotli, gzip] = answers as [RawResponse, ...RawResponse[]] & RawResponse[];
  expect(plain.status).toBe(200);
  expect(plain.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(plain.headers['cache-control']).toBe('public, max-age=60');
  expect(plain.headers.vary).toBe('Accept-Language, Cookie, Accept-Encoding');
  // helmet's headers, as the express app sends them on every page.
  for (const name of ['content-security-policy', 'strict-transport-security', 'x-frame-options', 'x-content-type-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy']) {
    expect(plain.headers[name]).toBeDefined();
  }
  expect(plain.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(html(plain)).toContain('<html lang="zh-CN"');
  expect(html(english!)).toContain('<html lang="en"');
  expect(html(frenchFirst!)).toContain('<html lang="en"');
  expect(html(englishLink!)).toContain('<html lang="en"');
  expect(html(chineseLink!)).toContain('<html lang="zh-CN"');
  expect(html(chineseLink!)).toContain('utm_source=chat');
  expect(html(large!)).toMatch(/<html[^>]* class="large"/);
  expect(html(plain)).not.toMatch(/<html[^>]* class="large"/);
  expect(html(englishStandard!)).not.toMatch(/<html[^>]* class="large"/);
  // Each reader's page is its own representation, with its own validator.
  expect(new Set([plain, english, englishLink, chineseLink, large].map((answer) => answer!.headers.etag)).size).toBe(5);
  expect(brotli!.headers['content-encoding']).toBe('br');
  expect(gzip!.headers['content-encoding']).toBe('gzip');
  expect(html(brotli!)).toBe(html(plain));
  expect(html(gzip!)).toBe(html(plain));
  expect(brotli!.headers.etag).toBe(plain.headers.etag);

  // A conditional request that names the page: 304 on both paths, with the same headers.
  const notModified = await sameOnBothPaths(page, { 'if-none-match': plain.headers.etag! });
  expect(notModified.status).toBe(304);
  expect(notModified.body.length).toBe(0);
  expect(notModified.headers.etag).toBe(plain.headers.etag);
  expect(notModified.headers['x-frame-options']).toBe('SAMEORIGIN');
  // The validator among others, as caches send it: still 304; asked past caches (no-cache): the page.
  expect((await sameOnBothPaths(page, { 'if-none-match': `W/"other", ${plain.headers.etag!}` })).status).toBe(304);
  const reload = await sameOnBothPaths(page, { 'if-none-match': plain.headers.etag!, 'cache-control': 'no-cache' });
  expect(reload.status).toBe(200);
  expect(html(reload)).toBe(html(plain));
  expect((await sameOnBothPaths(`${page}?lang=en`, { 'if-none-match': plain.headers.etag! })).status).toBe(200);
});

test('unknown slugs and bad input get the express HTML error pages, every time through express', async () => {
  for (const path of ['/r/no-such-publication', '/r/no-such-publication?lang=en', '/r/UPPER_case', '/r/x?lang=fr']) {
    const before = throughExpress;
    const fast = await rawGet(fastUrl, path);
    const again = await rawGet(fastUrl, path);
    expect(throughExpress).toBe(before + 2);
    const viaExpress = await rawGet(expressOnlyUrl, path);
    expect(comparable(again)).toEqual(comparable(viaExpress));
    expect(comparable(fast)).toEqual(comparable(viaExpress));
    expect(fast.status).toBe(path.includes('lang=fr') ? 400 : 404);
    expect(fast.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(fast.headers['x-frame-options']).toBe('SAMEORIGIN');
  }
});

test('a new version of the case (a correction, then a retraction) reaches the kept pages at once', async () => {
  const publication = await publishCase(suite.team, { draft: { headline: 'Fast path versions headline' } });
  const page = `/r/${publication.slug}`;
  const before = await sameOnBothPaths(page);
  expect(html(before)).not.toContain('data-testid="retraction-notice"');

  const corrected = await correctCase(suite.team, publication.caseId, 'A newer study', { headline: 'Fast path versions headline, corrected' });
  const expressCalls = throughExpress;
  const afterCorrection = await sameOnBothPaths(page);
  // The first request after the correction was made again by express.
  expect(throughExpress).toBe(expressCalls + 1);
  expect(afterCorrection.headers.etag).not.toBe(before.headers.etag);
  expect(html(afterCorrection)).toContain(`/r/${corrected.slug}`);
  // A reader holding the old validator gets the new page, not 304.
  const revalidated = await rawGet(fastUrl, page, { 'if-none-match': before.headers.etag! });
  expect(revalidated.status).toBe(200);
  expect(revalidated.headers.etag).toBe(afterCorrection.headers.etag);

  const retracted = await suite.team.lead.http.post(`/api/v1/publications/${corrected.id}/retract`, { reason: 'The study was withdrawn' });
  expect(retracted.status).toBe(201);
  for (const path of [page, `/r/${corrected.slug}`]) {
    const afterRetraction = await sameOnBothPaths(path);
    expect(afterRetraction.status).toBe(200);
    expect(html(afterRetraction)).toContain('data-testid="retraction-notice"');
    expect(html(afterRetraction)).toContain('The study was withdrawn');
  }
});
