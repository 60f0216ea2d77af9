import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { TOPICS, VERDICTS, type InsightsRanking, type PublicationView } from '@refute/shared';
import { buildClaimReport } from '../../fixtures/factories';
import { HttpClient } from '../support/http';
import { publishCase } from '../support/publishing';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';

/**
 * The monthly rankings (辟谣榜) as feeds, read by the same parsers as the verdict feeds: the
 * current month's entry lists the most reported published rumors with their verdicts and public
 * pages, by region and topic, in Chinese or English, and agrees with the leads' ranking API.
 */
const suite = teamSuite();
const GUANGZHOU_TIANHE = '440106';
const BEIJING_DONGCHENG = '110101';
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const month = new Date().toISOString().slice(0, 7);

const rfc3339 = z.iso.datetime({ offset: true });
const rankingEntry = z.strictObject({ caseId: z.string(), headline: z.string(), reports: z.number().int().min(1), verdict: z.enum(VERDICTS), topic: z.enum(TOPICS), url: z.url() });
/** JSON Feed 1.1 with the ranking's extension (`_refute`). */
const rankingJsonFeed = z.strictObject({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.url(),
  feed_url: z.url(),
  description: z.string(),
  language: z.string(),
  authors: z.array(z.strictObject({ name: z.string(), url: z.url() })).min(1),
  items: z.array(
    z.strictObject({
      id: z.string().regex(UUID_URN),
      title: z.string(),
      summary: z.string(),
      content_html: z.string(),
      date_published: rfc3339,
      date_modified: rfc3339,
      language: z.string(),
      _refute: z.strictObject({ month: z.string(), complete: z.boolean(), region: z.string(), topic: z.enum(TOPICS).nullable(), entries: z.array(rankingEntry) }),
    }),
  ),
});

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#', htmlEntities: false, isArray: (name) => ['entry', 'link'].includes(name) });

let anonymous: HttpClient;
let mostReported: PublicationView;
let other: PublicationView;

async function text(path: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(`${suite.app.baseUrl}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

beforeAll(async () => {
  const { team } = suite;
  anonymous = new HttpClient(suite.app.baseUrl);
  // Three reports of one rumor in Guangzhou, one of another in Beijing.
  const repeated = buildClaimReport({ region: GUANGZHOU_TIANHE });
  for (const externalId of [`${repeated.externalId}-a`, `${repeated.externalId}-b`]) {
    expect((await team.platform.http.post('/api/v1/claims', { ...repeated, externalId })).status).toBe(201);
  }
  mostReported = await publishCase(team, { report: { text: repeated.text, region: GUANGZHOU_TIANHE }, topic: 'food_safety', draft: { verdict: 'false', headline: '隔夜菜致癌 & 其他' } });
  other = await publishCase(team, { report: { region: BEIJING_DONGCHENG }, topic: 'health', draft: { verdict: 'misleading', headline: 'Garlic cures the flu' } });
  await eventually(async () => {
    const ranking = (await team.lead.http.get(`/api/v1/insights/ranking?month=${month}`)).body as InsightsRanking;
    return ranking.overall.length === 2;
  }, 'both publications are ranked');
});

test('/ranking.atom is an Atom feed of the month: the most reported first, each with its verdict, topic, reports and public page', async () => {
  const response = await text('/ranking.atom');
  expect(response.status).toBe(200);
  expect(response.type).toBe('application/atom+xml; charset=utf-8');
  const feed = parseFeed(response.body);
  expect(feed.meta).toMatchObject({ type: 'atom' });
  expect(feed.title).toBe('Refute 科学辟谣 · 辟谣榜 · 全国');
  expect(feed.language).toBe('zh');
  expect(feed.self).toBe(`${suite.app.baseUrl}/ranking.atom`);
  expect(feed.items).toHaveLength(1);
  const [entry] = feed.items;
  const today = new Date().toISOString().slice(0, 10);
  expect(entry!.title).toBe(`辟谣榜 ${month.slice(0, 4)}年${Number(month.slice(5))}月（截至${today}） · 全国`);
  expect(entry!.id).toMatch(UUID_URN);
  expect(entry!.published?.toISOString()).toBe(`${month}-01T00:00:00.000Z`);
  expect(entry!.description).toBe(`1. 隔夜菜致癌 & 其他 (谣言 · 食品安全 · 3 次举报)\n2. Garlic cures the flu (误导 · 健康医疗 · 1 次举报)`);
  const raw = xml.parse(response.body) as { feed: { entry: Array<{ content: { '@type': string; '#': string } }> } };
  expect(raw.feed.entry[0]!.content).toEqual({
    '@type': 'html',
    '#': `<ol><li><a href="${mostReported.url}">隔夜菜致癌 &amp; 其他</a> — 谣言 · 食品安全 · 3 次举报</li><li><a href="${other.url}">Garlic cures the flu</a> — 误导 · 健康医疗 · 1 次举报</li></ol>`,
  });
});

test('/ranking.json agrees with the leads’ ranking, and both feeds take a region, a topic and a language', async () => {
  const json = rankingJsonFeed.parse(JSON.parse((await text('/ranking.json')).body));
  const leads = (await suite.team.lead.http.get(`/api/v1/insights/ranking?month=${month}`)).body as InsightsRanking;
  expect(json.items).toHaveLength(1);
  expect(json.items[0]!._refute).toEqual({ month, complete: false, region: 'CN', topic: null, entries: leads.overall });
  expect(json.items[0]!.id).toBe(parseFeed((await text('/ranking.atom')).body).items[0]!.id);

  const guangdong = rankingJsonFeed.parse(JSON.parse((await text('/ranking.json?region=440000&lang=en')).body));
  expect(guangdong.title).toBe('Refute · Rumor ranking · Guangdong');
  expect(guangdong.feed_url).toBe(`${suite.app.baseUrl}/ranking.json?region=440000&lang=en`);
  expect(guangdong.items[0]!._refute.entries.map((entry) => entry.caseId)).toEqual([mostReported.caseId]);
  expect(guangdong.items[0]!.summary).toBe('1. 隔夜菜致癌 & 其他 (False · Food safety · 3 reports)');
  // Another month's entry would have another id: the region is part of it.
  expect(guangdong.items[0]!.id).not.toBe(json.items[0]!.id);

  const health = parseFeed((await text('/ranking.atom?topic=health&lang=en')).body);
  expect(health.title).toBe('Refute · Rumor ranking · China · Health & medicine');
  expect(health.items[0]!.description).toBe('1. Garlic cures the flu (Misleading · Health & medicine · 1 report)');
  // A region with nothing published lists no month.
  expect(parseFeed((await text('/ranking.atom?region=330000')).body).items).toEqual([]);
});

test('the ranking feeds are public and refuse bad filters with a 400', async () => {
  expect((await anonymous.get('/ranking.json')).status).toBe(200);
  for (const bad of ['region=abc', 'region=999999', 'topic=astrology', 'lang=fr', 'month=2026-01']) {
    for (const document of ['/ranking.atom', '/ranking.json']) {
      const response = await anonymous.get(`${document}?${bad}`);
      expect({ document, bad, status: response.status }).toEqual({ document, bad, status: 400 });
    }
  }
  expect((await anonymous.get('/ranking.json?region=999999')).body.error.code).toBe('unknown_region');
});
