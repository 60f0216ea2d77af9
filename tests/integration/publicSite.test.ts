/**
 * The public site as readers, crawlers and other sites see it over real HTTP: the publication
 * page and its structured data (read with htmlmetaparser, a real metadata parser), the share
 * image and QR code (decoded), the rumor search and browsing, the embed card and oEmbed, the
 * large-type switch, and HTML error pages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { Handler } from 'htmlmetaparser';
import { Parser } from 'htmlparser2';
import jsQR from 'jsqr';
import { Types } from 'mongoose';
import { buildDraft, createPlatform } from '../../fixtures/factories';
import { PublicationModel } from '../../server/src/features/publications/model';
import { readableSlug } from '../../server/src/features/publications/slug';
import { BROWSE_PAGE_SIZE } from '../../server/src/features/publicSite/browse';
import { SEARCHES_PER_MINUTE } from '../../server/src/features/publicSite/searchLimiter';
import { shareImageSvg } from '../../server/src/features/publicSite/shareImage';
import { HttpClient } from '../support/http';
import { eventually } from '../support/sockets';
import { startTestApp, type TestApp } from '../support/testApp';
import { createTeam, type Team } from '../support/workbench';

let app: TestApp;
let team: Team;
/** A platform that lets its reports' URLs be shown publicly, and the team's, which does not. */
let sharingPlatform: { http: HttpClient };
let clientDir: string;

const CLAIM = '微波炉加热过的食物会致癌，长期吃会得白血病，赶紧转发给家人';
const HEADLINE = '微波炉加热食物不会致癌';
const SHARED_URL = 'https://weibo.example/post/1';
const HIDDEN_URL = 'https://hidden.example/post/2';
let caseId: string;
let v1: { slug: string; id: string };
let v2: { slug: string; id: string };
let searchesMade = 0;

/**
 * A request on a connection of its own: a kept-alive connection that the server closes for
 * idleness while a busy machine delays this side's reuse would reset the next request.
 */
const request = (url: string, init: RequestInit = {}) => fetch(url, { ...init, headers: { connection: 'close', ...(init.headers as Record<string, string> | undefined) } });

async function get(pathAndQuery: string, headers: Record<string, string> = {}) {
  const response = await request(`${app.baseUrl}${pathAndQuery}`, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
  if (/^\/search\?(.*&)?q=./.test(pathAndQuery)) searchesMade += 1;
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** What a crawler reads from the page: JSON-LD, Open Graph (RDFa), Twitter card, links. */
async function metadataOf(html: string, url: string): Promise<{
  jsonld: Array<Record<string, any>>;
  rdfa: Array<Record<string, any>>;
  twitter: Record<string, string>;
  html: Record<string, string>;
  alternate: Array<{ type: string; href: string; title: string }>;
}> {
  return new Promise((resolve, reject) => {
    const handler = new Handler((error, result) => (error ? reject(error) : resolve(result as never)), { url });
    const parser = new Parser(handler, { decodeEntities: true });
    parser.write(html);
    parser.end();
  });
}

/** An Open Graph property's value (the parser gives texts with their language as `@value`). */
const ogOf = (rdfa: Array<Record<string, any>>, property: string) => {
  const value = rdfa.flatMap((node) => node[property] ?? [])[0] as string | { '@value': string } | undefined;
  return typeof value === 'object' ? value['@value'] : value;
};

/** A published case of the team: reported by both platforms, one of them sharing its URL. */
async function publishChineseCase(): Promise<void> {
  const first = await sharingPlatform.http.post('/api/v1/claims', { externalId: `share-${Date.now()}`, text: CLAIM, language: 'zh', url: SHARED_URL, reportedAt: '2026-10-01T08:00:00Z' });
  expect(first.status).toBe(201);
  caseId = first.body.caseId;
  const second = await team.platform.http.post('/api/v1/claims', { externalId: `hide-${Date.now()}`, text: CLAIM, language: 'zh', url: HIDDEN_URL, reportedAt: '2026-09-30T08:00:00Z' });
  expect(second.body.caseId).toBe(caseId);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  const draft = buildDraft({
    verdict: 'false',
    headline: HEADLINE,
    summary: '微波加热只是让水分子振动发热，不会让食物带上辐射，也不会产生致癌物。',
    rebuttalHtml: '<p>世界卫生组织指出，微波炉<strong>正常使用</strong>是安全的。</p>',
    evidence: [
      { title: '世界卫生组织：微波炉', url: 'https://who.example/microwave', kind: 'official' },
      { title: 'Microwave cooking and nutrition', url: 'https://journal.example/paper', kind: 'paper' },
    ],
  });
  expect((await team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, draft)).status).toBe(200);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  const approved = await team.lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(approved.status).toBe(200);
  v1 = { id: approved.body.publication.id, slug: (await team.lead.http.get(`/api/v1/publications/${approved.body.publication.id}`)).body.slug };
  // A correction: version 2, with its reason.
  const reopened = await team.otherLead.http.post(`/api/v1/cases/${caseId}/reopen`, { reason: '补充了最新的研究结论' });
  expect(reopened.status).toBe(200);
  expect((await team.reviewer.http.put(`/api/v1/cases/${caseId}/draft`, { ...draft, version: reopened.body.draft.version })).status).toBe(200);
  expect((await team.reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  const corrected = await team.lead.http.post(`/api/v1/cases/${caseId}/approve`);
  expect(corrected.status).toBe(200);
  v2 = { id: corrected.body.publication.id, slug: (await team.lead.http.get(`/api/v1/publications/${corrected.body.publication.id}`)).body.slug };
}

/** Published long ago, for browsing: more than a page of them, on a topic of their own; their slugs, oldest first. */
async function pastPublications(count: number): Promise<string[]> {
  const rows = Array.from({ length: count }, (_unused, index) => {
      const pastCaseId = new Types.ObjectId();
      return {
        caseId: pastCaseId,
        version: 1,
        slug: readableSlug(`Past rumor ${index}`, String(pastCaseId), 1),
        verdict: index % 2 ? 'misleading' : 'false',
        headline: `Past rumor ${index}`,
        summary: 'Not true.',
        rebuttalHtml: '<p>No.</p>',
        topic: 'space',
        language: 'en',
        claimText: `Past claim ${index}`,
        authorIds: [],
        approvedBy: new Types.ObjectId(),
        publishedAt: new Date(Date.UTC(2025, 0, 1 + index)),
      };
    });
  await PublicationModel.insertMany(rows);
  return rows.map((row) => row.slug);
}
let pastSlugs: string[] = [];

beforeAll(async () => {
  // A stand-in web client build: its shell must not answer the public site's routes.
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-client-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>workbench shell</title>');
  app = await startTestApp({ clientDir });
  team = await createTeam(app.baseUrl);
  const platform = await createPlatform(undefined, { publicReportLinks: true });
  sharingPlatform = { http: new HttpClient(app.baseUrl, { apiKey: platform.apiKey }) };
  pastSlugs = await pastPublications(BROWSE_PAGE_SIZE + 5);
  await publishChineseCase();
});
afterAll(async () => {
  await app.close();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

test('slugs are readable: the headline in pinyin and the end of the case id, -v2 for a correction', () => {
  expect(v1.slug).toBe(`wei-bo-lu-jia-re-shi-wu-bu-hui-zhi-ai-${caseId.slice(-8)}`);
  expect(v2.slug).toBe(`${v1.slug}-v2`);
});

test('the page shows the verdict, the summary first, the claim, the rebuttal, evidence with kinds, dates in words, the reviewer and the correction', async () => {
  const page = await get(`/r/${v2.slug}`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const html = page.text;
  expect(html).toContain('<html lang="zh-CN">');
  expect(html).toMatch(/<span class="badge verdict-false" data-verdict="false">谣言<\/span>/);
  const order = ['一句话结论', '网传说法', '详细解读', '依据'].map((heading) => html.indexOf(`>${heading}</h2>`));
  expect(order.every((index) => index > 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  expect(html).toContain(CLAIM);
  expect(html).toContain('<strong>正常使用</strong>');
  expect(html).toMatch(/<span class="kind">官方声明<\/span><a href="https:\/\/who.example\/microwave"/);
  expect(html).toMatch(/<span class="kind">论文<\/span>/);
  expect(html).toMatch(/首次发布: <time datetime="[^"]+">\d{4}年\d{1,2}月\d{1,2}日<\/time>/);
  expect(html).toMatch(/最近更新: <time/);
  expect(html).toMatch(/本文已于 \d{4}年\d{1,2}月\d{1,2}日 更正（第 2 版）/);
  expect(html).toContain('补充了最新的研究结论');
  expect(html).toContain(`href="/r/${v1.slug}">第 1 版</a>`);
  expect(html).toMatch(/核查机构: <strong data-testid="reviewer">机构 review-/);
  // No machine dates in what is read (they stay in attributes and the JSON-LD).
  expect(html.replace(/<script[^]*?<\/script>/g, '').replace(/<[^>]+>/g, '')).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
});

test('the page is in English when the link or the browser asks for it, and the older version points to the newer', async () => {
  const byLink = await get(`/r/${v1.slug}?lang=en`);
  expect(byLink.text).toContain('<html lang="en">');
  expect(byLink.text).toMatch(/First published: <time datetime="[^"]+">\d{1,2} [A-Z][a-z]+ \d{4}<\/time>/);
  expect(byLink.text).toContain('There is a newer version of this verdict.');
  expect(byLink.text).toContain(`href="/r/${v2.slug}?lang=en">Read the newest version</a>`);
  expect(byLink.text).toContain('>False</span>');
  const byBrowser = await get(`/r/${v1.slug}`, { 'accept-language': 'en-GB,en;q=0.9' });
  expect(byBrowser.text).toContain('<html lang="en">');
  expect(byBrowser.headers.get('vary')).toMatch(/Accept-Language/);
  // A reader's browser (or a cache) asking again gets 304 for an unchanged page.
  const etag = byBrowser.headers.get('etag');
  expect(etag).toBeTruthy();
  // (fetch would add "Cache-Control: no-cache" to a request with If-None-Match, as a browser's reload does.)
  const again = await get(`/r/${v1.slug}`, { 'accept-language': 'en-GB,en;q=0.9', 'if-none-match': etag!, 'cache-control': 'max-age=0' });
  expect(again.status).toBe(304);
  // Parameters that chat apps append to shared links do not break the page.
  expect((await get(`/r/${v1.slug}?from=singlemessage&isappinstalled=0`)).status).toBe(200);
});

test('ClaimReview JSON-LD, as a structured-data parser reads it, has every property', async () => {
  for (const lang of ['zh', 'en'] as const) {
    const url = `${app.baseUrl}/r/${v2.slug}`;
    const { jsonld } = await metadataOf((await get(`/r/${v2.slug}?lang=${lang}`)).text, url);
    expect(jsonld).toHaveLength(1);
    const review = jsonld[0]!;
    const first = (await PublicationModel.findById(v1.id).lean())!;
    const second = (await PublicationModel.findById(v2.id).lean())!;
    expect(review).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url,
      inLanguage: 'zh',
      headline: HEADLINE,
      claimReviewed: CLAIM,
      datePublished: first.publishedAt.toISOString(),
      dateModified: second.publishedAt.toISOString(),
      itemReviewed: {
        '@type': 'Claim',
        // The first report (of any platform) dates the claim; only the platform that allowed it is named.
        datePublished: '2026-09-30T08:00:00.000Z',
        firstAppearance: { '@type': 'CreativeWork', url: SHARED_URL },
        appearance: [{ '@type': 'CreativeWork', url: SHARED_URL }],
      },
      author: { '@type': 'Organization', name: expect.stringMatching(/^机构 review-/), url: `${app.baseUrl}/` },
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: lang === 'zh' ? '谣言' : 'False' },
    });
    expect(JSON.stringify(review)).not.toContain(HIDDEN_URL);
  }
});

test('sharing: Open Graph and Twitter tags, a canonical URL to the newest version, oEmbed discovery and a QR code of the page', async () => {
  const url = `${app.baseUrl}/r/${v1.slug}`;
  const html = (await get(`/r/${v1.slug}`)).text;
  const meta = await metadataOf(html, url);
  expect(meta.html.canonical).toBe(`${app.baseUrl}/r/${v2.slug}`);
  expect(meta.html.description).toMatch(/^谣言: 微波加热/);
  expect(ogOf(meta.rdfa, 'og:title')).toBe(`谣言 | ${HEADLINE}`);
  expect(ogOf(meta.rdfa, 'og:type')).toBe('article');
  expect(ogOf(meta.rdfa, 'og:url')).toBe(`${app.baseUrl}/r/${v2.slug}`);
  expect(ogOf(meta.rdfa, 'og:image')).toBe(`${url}/share.png`);
  expect(ogOf(meta.rdfa, 'og:description')).toMatch(/^谣言: /);
  expect(meta.twitter).toMatchObject({ card: 'summary_large_image', title: `谣言 | ${HEADLINE}`, image: `${url}/share.png` });
  expect(html).toContain(`<link rel="alternate" hreflang="en" href="${url}?lang=en">`);
  expect(meta.alternate).toContainEqual({ type: 'application/json+oembed', title: HEADLINE, href: `${app.baseUrl}/oembed?url=${encodeURIComponent(url)}&format=json` });

  const svg = /<svg role="img"[^]*?<\/svg>/.exec(html)?.[0];
  expect(svg).toBeDefined();
  const rendered = new Resvg(svg!, { fitTo: { mode: 'width', value: 400 } }).render();
  expect(jsQR(new Uint8ClampedArray(rendered.pixels), rendered.width, rendered.height)?.data).toBe(url);
});

test('the share image is a 1200×630 PNG drawn with a CJK font, and kept for a year', async () => {
  const response = await request(`${app.baseUrl}/r/${v1.slug}/share.png`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  expect(response.headers.get('cache-control')).toContain('immutable');
  expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  const png = Buffer.from(await response.arrayBuffer());
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
  // Without the font the Han characters would all be drawn as the same missing-glyph box.
  const draw = (headline: string) => new Resvg(shareImageSvg({ slug: 'x', verdict: 'false', headline, language: 'zh' }), { font: { fontFiles: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'], loadSystemFonts: false } }).render().asPng();
  expect(draw('微波炉').equals(draw('电磁炉'))).toBe(false);
  expect(draw('微波炉').equals(draw('微波炉'))).toBe(true);
});

test('unknown slugs and bad input get HTML pages in the reader language, never JSON', async () => {
  for (const missing of ['/r/no-such-rumor-00000000', '/r/NOT_A_SLUG', '/r/no-such-rumor/share.png', '/embed/no-such-rumor']) {
    const page = await get(missing);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('data-error-code="not_found"');
    expect(page.text).toContain('没有找到这个页面');
  }
  const english = await get('/r/no-such-rumor?lang=en', { accept: '*/*' });
  expect(english.status).toBe(404);
  expect(english.text).toContain('This page was not found');
  const malformed = await get('/r/%E0%A4%A');
  expect(malformed.status).toBe(400);
  expect(malformed.text).toContain('data-error-code="bad_request"');
  const badFilter = await get('/search?verdict=fake');
  expect(badFilter.status).toBe(400);
  expect(badFilter.text).toContain('data-error-code="validation_failed"');
});

test('the web client shell does not answer the public site', async () => {
  for (const route of [`/r/${v1.slug}`, '/search', `/embed/${v1.slug}`, `/display?text=large&back=/search`, `/oembed?url=${encodeURIComponent(`${app.baseUrl}/r/${v1.slug}`)}`]) {
    expect((await get(route)).text).not.toContain('workbench shell');
  }
  expect((await get('/queue')).text).toContain('workbench shell');
});

test('large type is one link away and remembered: the cookie is set and every page reads it', async () => {
  const pageHtml = (await get(`/r/${v1.slug}`)).text;
  const switchHref = /<a class="switch" href="([^"]+)"/.exec(pageHtml)?.[1]?.replace(/&amp;/g, '&');
  expect(switchHref).toBe(`/display?text=large&back=${encodeURIComponent(`/r/${v1.slug}`)}`);
  const switched = await get(switchHref!);
  expect(switched.status).toBe(303);
  expect(switched.headers.get('location')).toBe(`/r/${v1.slug}`);
  const cookie = switched.headers.get('set-cookie')!;
  expect(cookie).toMatch(/^refute_text=large;.*Max-Age=31536000.*HttpOnly.*SameSite=Lax/i);
  const large = (await get(`/r/${v1.slug}`, { cookie: 'refute_text=large' })).text;
  expect(large).toContain('<html lang="zh-CN" class="large">');
  expect(large).toContain('>标准字号</a>');
  expect((await get('/search', { cookie: 'refute_text=large' })).text).toContain('class="large"');
  // Only paths on this site are gone back to.
  for (const back of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
    expect((await get(`/display?text=large&back=${encodeURIComponent(back)}`)).status).toBe(400);
  }
});

test('the search finds the published verdict of a pasted text, ranked, without an account', async () => {
  let html = '';
  await eventually(async () => {
    html = (await get(`/search?q=${encodeURIComponent(`听说${CLAIM}`)}`)).text;
    return html.includes('data-testid="matches"');
  }, 'the published case is matched', 10_000);
  const matches = /data-testid="matches">([^]*?)<\/ol>/.exec(html)![1]!;
  expect(matches).toContain(`href="/r/${v2.slug}"`);
  expect(matches).toMatch(/相似度 \d+%/);
  expect(html).toContain('<meta name="robots" content="noindex">');
  const nothing = (await get(`/search?q=${encodeURIComponent('完全无关的一句话关于火星上的企鹅跳舞比赛')}&lang=en`)).text;
  expect(nothing).toContain('data-testid="no-matches"');
  expect(nothing).toContain('No checked verdict for this claim yet');
  expect(nothing).toContain('<input type="hidden" name="lang" value="en">');
});

test('browsing lists every published case once, filtered by topic and verdict, newest or most reported first, a page at a time', async () => {
  const slugsIn = (html: string) => [...(/data-testid="browse-list">([^]*?)<\/ol>/.exec(html)?.[1] ?? '').matchAll(/<h3[^>]*><a href="\/r\/([^"?]+)/g)].map((match) => match[1]!);
  let first: string[] = [];
  await eventually(async () => {
    first = slugsIn((await get('/search')).text);
    return first[0] === v2.slug;
  }, 'the newest publication is listed first', 15_000);
  expect(first).toHaveLength(BROWSE_PAGE_SIZE);
  expect(first).not.toContain(v1.slug);
  const spacePage1 = slugsIn((await get('/search?topic=space')).text);
  const page2 = await get('/search?topic=space&page=2');
  const spacePage2 = slugsIn(page2.text);
  expect(spacePage1).toHaveLength(BROWSE_PAGE_SIZE);
  expect(spacePage2).toHaveLength(5);
  expect(new Set([...spacePage1, ...spacePage2]).size).toBe(BROWSE_PAGE_SIZE + 5);
  expect(page2.text).toContain('rel="prev"');
  expect(spacePage1[0]).toBe(pastSlugs[pastSlugs.length - 1]);
  expect(spacePage2[4]).toBe(pastSlugs[0]);
  const misleading = slugsIn((await get('/search?topic=space&verdict=misleading')).text);
  expect(misleading).toHaveLength(Math.floor((BROWSE_PAGE_SIZE + 5) / 2));
  // The reported case (two reports) comes before the past ones (none) when most reported go first.
  expect(slugsIn((await get('/search?sort=reported')).text)[0]).toBe(v2.slug);
  expect(slugsIn((await get('/search?sort=reported&topic=space')).text)).not.toContain(v2.slug);
  // An empty select ("all") is no filter.
  expect(slugsIn((await get('/search?topic=&verdict=&sort=newest')).text)[0]).toBe(v2.slug);
});

test('the embed card may be framed by any site, and nothing else may', async () => {
  const embed = await get(`/embed/${v2.slug}`);
  expect(embed.status).toBe(200);
  expect(embed.headers.get('x-frame-options')).toBeNull();
  expect(embed.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
  expect(embed.text).toContain('>谣言</span>');
  expect(embed.text).toContain(`href="${app.baseUrl}/r/${v2.slug}" target="_blank" rel="noopener"`);
  for (const other of [`/r/${v2.slug}`, '/search', '/api/v1/feed']) {
    const response = await get(other);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
  }
});

test('oEmbed describes the card for a page link: JSON, type rich, an iframe within maxwidth', async () => {
  const pageUrl = `${app.baseUrl}/r/${v2.slug}`;
  const response = await request(`${app.baseUrl}/oembed?url=${encodeURIComponent(pageUrl)}&format=json&maxwidth=400`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body).toEqual({
    version: '1.0',
    type: 'rich',
    title: `谣言: ${HEADLINE}`,
    provider_name: '科学辟谣',
    provider_url: `${app.baseUrl}/`,
    html: expect.stringContaining(`<iframe src="${app.baseUrl}/embed/${v2.slug}" width="400" height="320"`),
    width: 400,
    height: 320,
  });
  const full = await (await request(`${app.baseUrl}/oembed?url=${encodeURIComponent(pageUrl)}`)).json();
  expect(full).toMatchObject({ width: 560, thumbnail_url: `${pageUrl}/share.png`, thumbnail_width: 1200, thumbnail_height: 630 });
  const xml = await request(`${app.baseUrl}/oembed?url=${encodeURIComponent(pageUrl)}&format=xml`);
  expect(xml.status).toBe(501);
  expect((await xml.json()).error.code).toBe('format_not_implemented');
  expect((await request(`${app.baseUrl}/oembed?url=${encodeURIComponent(`https://elsewhere.example/r/${v2.slug}`)}`)).status).toBe(404);
  expect((await request(`${app.baseUrl}/oembed?url=${encodeURIComponent(`${app.baseUrl}/r/no-such-slug`)}`)).status).toBe(404);
  const missing = await request(`${app.baseUrl}/oembed`);
  expect(missing.status).toBe(400);
  expect((await missing.json()).error.code).toBe('validation_failed');
});

test('searching is rate-limited per client: past the limit, a 429 page says when to try again', async () => {
  const before = searchesMade;
  expect(before).toBeLessThan(SEARCHES_PER_MINUTE);
  for (let i = before; i < SEARCHES_PER_MINUTE; i++) expect((await get(`/search?q=${encodeURIComponent(`查询 ${i}`)}`)).status).toBe(200);
  const refused = await get(`/search?q=${encodeURIComponent('再查一次')}`);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(refused.text).toContain('data-error-code="rate_limited"');
  expect(refused.text).toContain('查询太频繁了');
  // Browsing is not counted.
  expect((await get('/search?verdict=false')).status).toBe(200);
});
