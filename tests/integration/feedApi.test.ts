import http from 'node:http';
import zlib from 'node:zlib';
import { Types } from 'mongoose';
import type { PublicationView } from '@refute/shared';
import { OnceModel } from '../../server/src/features/meta/onceModel';
import { PublicationModel } from '../../server/src/features/publications/model';
import { backfillRegions, recheckRegions } from '../../server/src/features/publications/repository';
import { correctCase, publishCase } from '../support/publishing';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';
import { MatchFeedModel, feedSlot } from '../../server/src/features/matching/feedModel';

const suite = teamSuite();

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET through node:http: fetch would decompress the body and mark conditional requests no-cache. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(`${suite.app.baseUrl}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const ids = (items: PublicationView[]) => items.map((item) => item.id);

async function feedIds(query: string): Promise<string[]> {
  const response = await suite.team.platform.http.get(`/api/v1/feed?limit=100&${query}`);
  expect(response.status).toBe(200);
  return ids(response.body.items);
}

test('the feed filters by topic, verdict, language, region, words and date, each alone and together', async () => {
  const before = new Date().toISOString();
  const hangzhou = await publishCase(suite.team, {
    report: { language: 'zh', region: '330100' },
    draft: { headline: '隔夜菜不会致癌', summary: '正常冷藏的隔夜菜亚硝酸盐含量远低于安全标准。', verdict: 'false' },
    topic: 'food_safety',
  });
  const chengdu = await publishCase(suite.team, {
    report: { language: 'zh', region: '510100' },
    draft: { headline: '手机辐射不会导致脑癌', summary: '现有研究没有发现手机使用与脑癌之间的因果关系。', verdict: 'misleading' },
    topic: 'health',
  });
  const english = await publishCase(suite.team, {
    report: { language: 'en' },
    draft: { headline: 'Garlic does not cure the flu', summary: 'No trial found garlic shortens influenza.', verdict: 'false' },
    topic: 'health',
  });

  expect(hangzhou.region).toBe('330100');
  // A report that names no region gives its publication none.
  expect(english.region).toBeUndefined();

  expect(await feedIds(`since=${encodeURIComponent(before)}`)).toEqual([english.id, chengdu.id, hangzhou.id]);
  expect(await feedIds('region=330100')).toEqual([hangzhou.id]);
  expect(await feedIds('region=510100&verdict=misleading')).toEqual([chengdu.id]);
  expect(await feedIds('region=510100&verdict=false')).toEqual([]);
  expect(await feedIds('topic=health&lang=en')).toEqual([english.id]);
  expect(await feedIds('topic=health')).toEqual([english.id, chengdu.id]);
  expect(await feedIds(`q=${encodeURIComponent('亚硝酸盐')}`)).toEqual([hangzhou.id]);
  expect(await feedIds(`q=${encodeURIComponent('garlic   SHORTENS')}`)).toEqual([english.id]);
  expect(await feedIds(`q=${encodeURIComponent('癌')}&topic=health`)).toEqual([chengdu.id]);
  expect(await feedIds(`q=${encodeURIComponent('(.*)')}`)).toEqual([]);
  expect(await feedIds(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);

  for (const bad of ['region=Zhejiang', 'region=33010', `q=${'x'.repeat(201)}`, 'q=%20', 'lang=fr', 'limit=0', 'cursor=nonsense', 'colour=red']) {
    const response = await suite.team.platform.http.get(`/api/v1/feed?${bad}`);
    expect({ bad, status: response.status }).toEqual({ bad, status: 400 });
    expect(['validation_failed', 'invalid_cursor']).toContain(response.body.error.code);
  }
});

test('the feed answers If-None-Match with 304, says how long it may be cached, and compresses with gzip and brotli', async () => {
  await publishCase(suite.team, { report: { language: 'zh' }, draft: { headline: '喝醋不能软化血管' } });
  const plain = await rawGet('/api/v1/feed?limit=5');
  expect(plain.status).toBe(200);
  expect(plain.headers['cache-control']).toBe('public, max-age=30');
  expect(plain.headers.vary).toBe('Accept-Encoding');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
  const etag = plain.headers.etag!;
  expect(etag).toMatch(/^W\/"[\w-]+"$/);
  const body = JSON.parse(plain.body.toString('utf8')) as { items: PublicationView[] };
  expect(body.items.length).toBeGreaterThan(0);

  // A repeated request is answered before express, with the same headers (security headers too).
  const repeated = await rawGet('/api/v1/feed?limit=5');
  const withoutDate = (headers: http.IncomingHttpHeaders) => ({ ...headers, date: undefined });
  expect(withoutDate(repeated.headers)).toEqual(withoutDate(plain.headers));
  expect(repeated.headers['x-content-type-options']).toBe('nosniff');
  expect(repeated.body.equals(plain.body)).toBe(true);

  const brotli = await rawGet('/api/v1/feed?limit=5', { 'accept-encoding': 'gzip, deflate, br' });
  expect(brotli.headers['content-encoding']).toBe('br');
  expect(brotli.headers.etag).toBe(etag);
  expect(zlib.brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
  expect(brotli.body.length).toBeLessThan(plain.body.length);

  const gzip = await rawGet('/api/v1/feed?limit=5', { 'accept-encoding': 'gzip' });
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(zlib.gunzipSync(gzip.body).equals(plain.body)).toBe(true);

  const notModified = await rawGet('/api/v1/feed?limit=5', { 'if-none-match': etag, 'accept-encoding': 'br' });
  expect(notModified.status).toBe(304);
  expect(notModified.body.length).toBe(0);
  expect(notModified.headers.etag).toBe(etag);
  expect(notModified.headers['cache-control']).toBe('public, max-age=30');
  // The same filters in another order are the same feed.
  expect((await rawGet('/api/v1/feed?lang=zh&limit=5', {})).headers.etag).toBe((await rawGet('/api/v1/feed?limit=5&lang=zh', {})).headers.etag);
  expect((await rawGet('/api/v1/feed?limit=5', { 'if-none-match': `W/"other", ${etag}` })).status).toBe(304);
  expect((await rawGet('/api/v1/feed?limit=5', { 'if-none-match': 'W/"other"' })).status).toBe(200);
  // An end-to-end reload asks past every cache: the body, though the validator matches.
  expect((await rawGet('/api/v1/feed?limit=5', { 'if-none-match': etag, 'cache-control': 'no-cache' })).status).toBe(200);

  // A new publication changes the feed: the old validator no longer matches.
  const fresh = await publishCase(suite.team, { report: { language: 'zh' } });
  const changed = await rawGet('/api/v1/feed?limit=5', { 'if-none-match': etag });
  expect(changed.status).toBe(200);
  expect(changed.headers.etag).not.toBe(etag);
  expect((JSON.parse(changed.body.toString('utf8')) as { items: PublicationView[] }).items[0]!.id).toBe(fresh.id);
});

test('a reader paging through while cases are published and corrected sees every item exactly once', async () => {
  for (let i = 0; i < 5; i += 1) await publishCase(suite.team);
  const existing = await feedIds('');
  expect(existing.length).toBeGreaterThanOrEqual(5);

  const published: string[] = [];
  const publisher = (async () => {
    for (let i = 0; i < 4; i += 1) published.push((await publishCase(suite.team)).id);
    // A correction is a new item too, at the top.
    const oldest = (await suite.team.platform.http.get(`/api/v1/publications/${existing.at(-1)}`)).body as PublicationView;
    published.push((await correctCase(suite.team, oldest.caseId, 'A newer study', { headline: 'Corrected headline' })).id);
  })();

  const reader = (async () => {
    const seen: string[] = [];
    let page = await suite.team.platform.http.get('/api/v1/feed?limit=2');
    seen.push(...ids(page.body.items));
    // Each later page is read after one more publication landed (while the next is on its way).
    for (let landed = 1; page.body.nextCursor; landed += 1) {
      await eventually(() => published.length >= Math.min(landed, 5), `publication ${landed}`, 20_000);
      page = await suite.team.platform.http.get(`/api/v1/feed?limit=2&cursor=${page.body.nextCursor}`);
      expect(page.status).toBe(200);
      seen.push(...ids(page.body.items));
    }
    return seen;
  })();

  const [seen] = await Promise.all([reader, publisher]);
  expect(seen).toEqual(existing);

  // Reading from the top again down to the newest item already seen gives exactly the new ones.
  const caughtUp: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: PublicationView[]; nextCursor: string | null } } = await suite.team.platform.http.get(
      `/api/v1/feed?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    const fresh = ids(page.body.items);
    const known = fresh.indexOf(existing[0]!);
    caughtUp.push(...(known === -1 ? fresh : fresh.slice(0, known)));
    cursor = known === -1 ? page.body.nextCursor : null;
  } while (cursor);
  expect(caughtUp).toEqual([...published].reverse());
  expect(new Set([...seen, ...caughtUp]).size).toBe(seen.length + caughtUp.length);
});

test('publications written before they carried a region take their first report\'s, once', async () => {
  const coded = await publishCase(suite.team, { report: { language: 'zh', region: '440300' } });
  const uncoded = await publishCase(suite.team, { report: { language: 'zh' } });
  // As written before regions: no field at all (through the driver, as publications are append-only).
  await PublicationModel.collection.updateMany({ _id: { $in: [coded.id, uncoded.id].map((id) => new Types.ObjectId(id)) } }, { $unset: { region: '' } });
  expect(await feedIds('region=440300')).toEqual([]);

  await OnceModel.deleteOne({ _id: 'publications-region' });
  recheckRegions();
  while (!(await backfillRegions()));
  expect(await OnceModel.findById('publications-region').lean()).toMatchObject({ completedAt: expect.any(Date) });
  const migrated = await PublicationModel.find({ _id: { $in: [coded.id, uncoded.id] } }, { region: 1 }).lean();
  expect(Object.fromEntries(migrated.map((record) => [String(record._id), record.region]))).toEqual({ [coded.id]: '440300', [uncoded.id]: null });
  await publishCase(suite.team, { report: { language: 'zh' } });
  expect(await feedIds('region=440300')).toEqual([coded.id]);
});

test('a publication another process announces in the index feed shows within seconds, however often the feed is read', async () => {
  const publication = await publishCase(suite.team, { report: { language: 'zh' } });
  expect(await feedIds('region=650100')).toEqual([]);
  // Written as another process would have: no event of this process, only the index feed's entry.
  await PublicationModel.collection.updateOne({ _id: new Types.ObjectId(publication.id) }, { $set: { region: '650100' } });
  const now = Date.now();
  await MatchFeedModel.create({ _id: new Types.ObjectId(), at: new Date(now), slot: feedSlot(now), kind: 'publication', caseId: publication.caseId, publicationId: publication.id });
  const began = Date.now();
  await eventually(async () => (await feedIds('region=650100')).includes(publication.id), 'the region filter to see the write', 10_000);
  expect(Date.now() - began).toBeLessThan(5_000);
});
