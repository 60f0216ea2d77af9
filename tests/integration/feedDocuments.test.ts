import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { PublicationView } from '@refute/shared';
import { createApp } from '../../server/src/app';
import { createLogger } from '../../server/src/logger';
import { correctCase, publishCase } from '../support/publishing';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): its fields, and extensions named `_…`. */
const rfc3339 = z.iso.datetime({ offset: true });
const jsonFeedAuthor = z.strictObject({ name: z.string().optional(), url: z.url().optional(), avatar: z.url().optional() });
const jsonFeedItem = z
  .strictObject({
    id: z.string().min(1),
    url: z.url().optional(),
    external_url: z.url().optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    image: z.url().optional(),
    banner_image: z.url().optional(),
    date_published: rfc3339.optional(),
    date_modified: rfc3339.optional(),
    authors: z.array(jsonFeedAuthor).min(1).optional(),
    tags: z.array(z.string()).optional(),
    language: z.string().optional(),
    attachments: z.array(z.strictObject({ url: z.url(), mime_type: z.string(), title: z.string().optional() })).optional(),
    _refute: z.strictObject({
      caseId: z.string(),
      version: z.number().int().min(1),
      verdict: z.string(),
      topic: z.string(),
      region: z.string().nullable(),
      correctionReason: z.string().nullable(),
      retraction: z.strictObject({ reason: z.string(), retractedAt: rfc3339 }).nullable(),
    }),
  })
  .refine((item) => item.content_html !== undefined || item.content_text !== undefined, 'an item has content_html or content_text');
const jsonFeedSchema = z.strictObject({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.url().optional(),
  feed_url: z.url().optional(),
  description: z.string().optional(),
  user_comment: z.string().optional(),
  next_url: z.url().optional(),
  icon: z.url().optional(),
  favicon: z.url().optional(),
  authors: z.array(jsonFeedAuthor).min(1).optional(),
  language: z.string().optional(),
  expired: z.boolean().optional(),
  items: z.array(jsonFeedItem),
});

function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

/** The document as XML says it: text decoded once, attributes kept (the feed parser reads HTML content as text). */
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#', htmlEntities: false, isArray: (name) => ['entry', 'link', 'category'].includes(name) });
interface AtomXml {
  feed: { '@xml:lang': string; link: Array<Record<string, string>>; entry: Array<{ '@xml:lang': string; content: { '#': string; '@type': string } }> };
}

const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let original: PublicationView;
let corrected: PublicationView;
let english: PublicationView;

beforeAll(async () => {
  original = await publishCase(suite.team, {
    report: { language: 'zh', region: '330100' },
    topic: 'food_safety',
    draft: {
      verdict: 'false',
      headline: '隔夜菜不会致癌',
      summary: '正常冷藏的隔夜菜亚硝酸盐含量远低于安全标准。',
      rebuttalHtml: '<p>冷藏<strong>24 小时</strong>内的剩菜可以放心吃。</p>',
      evidence: [
        { title: '食品安全国家标准 <GB 2762>', url: 'https://example.org/gb2762?a=1&b=2', kind: 'standard' },
        { title: '剩菜亚硝酸盐研究', url: 'https://example.org/study', kind: 'paper' },
      ],
    },
  });
  english = await publishCase(suite.team, {
    report: { language: 'en' },
    topic: 'health',
    draft: { verdict: 'misleading', headline: 'Garlic does not cure the flu', summary: 'No trial found garlic shortens influenza.' },
  });
  corrected = await correctCase(suite.team, original.caseId, '引用的研究已更新', {
    verdict: 'false',
    headline: '隔夜菜正常冷藏不会致癌',
    summary: '冷藏的隔夜菜亚硝酸盐含量远低于国家标准。',
    rebuttalHtml: '<p>冷藏<strong>24 小时</strong>内的剩菜可以放心吃。</p>',
    evidence: [{ title: '食品安全国家标准 <GB 2762>', url: 'https://example.org/gb2762?a=1&b=2', kind: 'standard' }],
  });
});

test('/feed.atom is an Atom feed in Chinese: one entry per case, corrections updated with their notice, every field filled', async () => {
  const response = await rawGet(`${suite.app.baseUrl}/feed.atom`);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
  const feed = parseFeed(response.body);
  expect(feed.meta).toMatchObject({ type: 'atom' });
  expect(feed.title).toBe('Refute 科学辟谣 · 已发布的辟谣结论');
  expect(feed.description).toBe('专家审核后发布的网络科学谣言核查结论。');
  expect(feed.language).toBe('zh');
  expect(feed.url).toBe(`${suite.app.baseUrl}/`);
  expect(feed.self).toBe(`${suite.app.baseUrl}/feed.atom`);
  expect(feed.updated?.toISOString()).toBe(corrected.publishedAt);
  expect(feed.authors).toEqual([{ name: 'Refute 科学辟谣', url: `${suite.app.baseUrl}/`, email: null }]);
  expect(feed.generator).toMatchObject({ label: 'Refute', url: `${suite.app.baseUrl}/` });

  // The correction replaces the first version: one entry for the case, newest first.
  expect(feed.items.map((item) => item.title)).toEqual([corrected.headline, english.headline]);
  const [entry, other] = feed.items;
  expect(entry!.id).toMatch(UUID_URN);
  expect(other!.id).toMatch(UUID_URN);
  expect(entry!.id).not.toBe(other!.id);
  expect(entry!.url).toBe(corrected.url);
  expect(entry!.published?.toISOString()).toBe(original.publishedAt);
  expect(entry!.updated?.toISOString()).toBe(corrected.publishedAt);
  expect(entry!.updated!.getTime()).toBeGreaterThan(entry!.published!.getTime());
  expect(entry!.description).toBe('更正: 引用的研究已更新\n冷藏的隔夜菜亚硝酸盐含量远低于国家标准。');
  const html =
    '<p><strong>结论: 谣言</strong></p><p role="note"><strong>更正: 引用的研究已更新</strong></p><p>冷藏的隔夜菜亚硝酸盐含量远低于国家标准。</p>' +
      '<p>冷藏<strong>24 小时</strong>内的剩菜可以放心吃。</p>' +
      '<h2>证据</h2><ul><li><a href="https://example.org/gb2762?a=1&amp;b=2">食品安全国家标准 &lt;GB 2762&gt;</a> (标准)</li></ul>';
  const raw = (xml.parse(response.body) as AtomXml).feed;
  expect(raw['@xml:lang']).toBe('zh');
  expect(raw.entry.map((item) => item['@xml:lang'])).toEqual(['zh', 'en']);
  expect(raw.entry[0]!.content).toEqual({ '@type': 'html', '#': html });
  // The feed parser reads the content as text: the HTML's own entities decoded too.
  expect(entry!.content).toBe(html.replace('&amp;', '&').replace('&lt;', '<').replace('&gt;', '>'));
  expect(entry!.categories).toEqual([
    { term: 'false', label: '谣言', url: `${suite.app.baseUrl}/#verdict` },
    { term: 'food_safety', label: '食品安全', url: `${suite.app.baseUrl}/#topic` },
  ]);
  // An English entry in the Chinese feed keeps its own language's labels, and has no correction.
  expect(other!.published?.toISOString()).toBe(english.publishedAt);
  expect(other!.updated?.toISOString()).toBe(english.publishedAt);
  expect(other!.description).toBe(english.summary);
  expect(other!.content).toContain('<strong>Verdict: Misleading</strong>');
  expect(other!.content).not.toContain('Correction');
  expect(other!.categories.map((category) => category.label)).toEqual(['Misleading', 'Health & medicine']);
});

test('/feed.atom and /feed.json take the feed filters, are titled in the feed language, and link to the next page', async () => {
  const englishAtom = parseFeed((await rawGet(`${suite.app.baseUrl}/feed.atom?lang=en&topic=health`)).body);
  expect(englishAtom.title).toBe('Refute · Published verdicts · Health & medicine');
  expect(englishAtom.description).toBe('Verdicts on science rumors, published after expert review.');
  expect(englishAtom.language).toBe('en');
  expect(englishAtom.items.map((item) => item.title)).toEqual([english.headline]);
  expect(parseFeed((await rawGet(`${suite.app.baseUrl}/feed.atom?region=330100`)).body).items.map((item) => item.title)).toEqual([corrected.headline]);
  expect(parseFeed((await rawGet(`${suite.app.baseUrl}/feed.atom?q=${encodeURIComponent('garlic')}`)).body).items.map((item) => item.title)).toEqual([
    english.headline,
  ]);

  const firstAtom = (await rawGet(`${suite.app.baseUrl}/feed.atom?limit=1`)).body;
  const links = (xml.parse(firstAtom) as AtomXml).feed.link;
  const next = links.find((link) => link['@rel'] === 'next')!['@href']!;
  expect(next).toMatch(new RegExp(`^${suite.app.baseUrl}/feed\\.atom\\?limit=1&cursor=`));
  expect(parseFeed((await rawGet(next)).body).items.map((item) => item.title)).toEqual([english.headline]);

  const json = jsonFeedSchema.parse(JSON.parse((await rawGet(`${suite.app.baseUrl}/feed.json?lang=en`)).body));
  expect(json).toMatchObject({ title: 'Refute · Published verdicts', language: 'en', feed_url: `${suite.app.baseUrl}/feed.json?lang=en` });
  expect(json.items.map((item) => item.title)).toEqual([english.headline]);

  const page = jsonFeedSchema.parse(JSON.parse((await rawGet(`${suite.app.baseUrl}/feed.json?limit=1`)).body));
  expect(page.next_url).toMatch(new RegExp(`^${suite.app.baseUrl}/feed\\.json\\?limit=1&cursor=`));
  const rest = jsonFeedSchema.parse(JSON.parse((await rawGet(page.next_url!)).body));
  expect(rest.items.map((item) => item.title)).toEqual([english.headline]);

  for (const bad of ['region=abc', 'verdict=maybe', 'since=yesterday', 'cursor=x', 'format=rss']) {
    for (const document of ['/feed.atom', '/feed.json']) {
      const response = await rawGet(`${suite.app.baseUrl}${document}?${bad}`);
      expect({ document, bad, status: response.status }).toEqual({ document, bad, status: 400 });
    }
  }
});

test('/feed.json is a JSON Feed 1.1 with every field filled, corrections dated and noted', async () => {
  const response = await rawGet(`${suite.app.baseUrl}/feed.json`);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('application/feed+json; charset=utf-8');
  const feed = jsonFeedSchema.parse(JSON.parse(response.body));
  expect(feed).toMatchObject({
    title: 'Refute 科学辟谣 · 已发布的辟谣结论',
    home_page_url: `${suite.app.baseUrl}/`,
    feed_url: `${suite.app.baseUrl}/feed.json`,
    description: '专家审核后发布的网络科学谣言核查结论。',
    language: 'zh',
    authors: [{ name: 'Refute 科学辟谣', url: `${suite.app.baseUrl}/` }],
  });
  expect(feed.next_url).toBeUndefined();
  expect(feed.items).toHaveLength(2);
  const [item, other] = feed.items;
  expect(item).toEqual({
    id: expect.stringMatching(UUID_URN),
    url: corrected.url,
    title: corrected.headline,
    summary: '更正: 引用的研究已更新\n冷藏的隔夜菜亚硝酸盐含量远低于国家标准。',
    content_html: expect.stringContaining('<p role="note"><strong>更正: 引用的研究已更新</strong></p>'),
    date_published: original.publishedAt,
    date_modified: corrected.publishedAt,
    language: 'zh',
    tags: ['谣言', '食品安全'],
    _refute: { caseId: original.caseId, version: 2, verdict: 'false', topic: 'food_safety', region: '330100', correctionReason: '引用的研究已更新', retraction: null },
  });
  expect(other).toEqual({
    id: expect.stringMatching(UUID_URN),
    url: english.url,
    title: english.headline,
    summary: english.summary,
    content_html: expect.stringContaining('<li><a href="https://example.org/review">A systematic review</a> (Paper)</li>'),
    date_published: english.publishedAt,
    date_modified: english.publishedAt,
    language: 'en',
    tags: ['Misleading', 'Health & medicine'],
    _refute: { caseId: english.caseId, version: 1, verdict: 'misleading', topic: 'health', region: null, correctionReason: null, retraction: null },
  });
  // The Atom entry and the JSON Feed item of a case share its id.
  expect(parseFeed((await rawGet(`${suite.app.baseUrl}/feed.atom`)).body).items[0]!.id).toBe(item!.id);
});

test('both documents answer conditional requests with 304 and change their validator with a new publication', async () => {
  for (const document of ['/feed.atom', '/feed.json']) {
    const first = await rawGet(`${suite.app.baseUrl}${document}`);
    expect(first.headers['cache-control']).toBe('public, max-age=30');
    const etag = first.headers.etag!;
    const again = await rawGet(`${suite.app.baseUrl}${document}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  }
  const etags = await Promise.all(['/feed.atom', '/feed.json'].map(async (document) => (await rawGet(`${suite.app.baseUrl}${document}`)).headers.etag!));
  await publishCase(suite.team, { report: { language: 'zh' } });
  for (const [index, document] of ['/feed.atom', '/feed.json'].entries()) {
    expect((await rawGet(`${suite.app.baseUrl}${document}`, { 'if-none-match': etags[index]! })).status).toBe(200);
  }
});

test('the feeds are served, not the web client, when the client is built', async () => {
  const clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-client-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>未找到</title>');
  const app = createApp({ log: createLogger('silent'), clientDir });
  const server = await new Promise<http.Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const atom = await rawGet(`${base}/feed.atom`);
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(parseFeed(atom.body).items.length).toBeGreaterThan(0);
    const json = await rawGet(`${base}/feed.json`);
    expect(jsonFeedSchema.parse(JSON.parse(json.body)).items.length).toBeGreaterThan(0);
    // Other paths still get the app shell.
    expect((await rawGet(`${base}/feed`)).body).toContain('未找到');
  } finally {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(clientDir, { recursive: true, force: true });
  }
});

test('text is carried as written: markup and entities in a headline are text, characters XML cannot hold are left out', async () => {
  const tricky = await publishCase(suite.team, {
    report: { language: 'en' },
    draft: { headline: 'Salt &amp; vinegar <b>cure</b> "colds"\u0007', summary: 'Tom & Jerry < 3' },
  });
  const raw = (xml.parse((await rawGet(`${suite.app.baseUrl}/feed.atom?lang=en&limit=1`)).body) as {
    feed: { entry: Array<{ title: { '#': string }; summary: { '#': string } }> };
  }).feed.entry[0]!;
  expect(raw.title['#']).toBe(tricky.headline.replace('\u0007', ''));
  expect(raw.summary['#']).toBe('Tom & Jerry < 3');
  const json = jsonFeedSchema.parse(JSON.parse((await rawGet(`${suite.app.baseUrl}/feed.json?lang=en&limit=1`)).body));
  expect(json.items[0]!.title).toBe(tricky.headline);
});
