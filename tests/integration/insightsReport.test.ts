import type { InsightsSummary } from '@refute/shared';
import { buildClaimReport } from '../../fixtures/factories';
import { pdfText } from '../support/pdfText';
import { publishCase } from '../support/publishing';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';

/**
 * The monthly report of an organisation: the printable page carries the month's key figures,
 * charts and ranking; the PDF printed from it by Chromium holds the same figures, read back with
 * a PDF parser; only leads and admins get it, and bad months are refused.
 */
const suite = teamSuite();
const month = new Date().toISOString().slice(0, 7);
const GUANGZHOU_TIANHE = '440106';
const HEADLINE = '隔夜菜不会致癌';

const figure = (html: string, key: string) => new RegExp(`data-figure="${key}"><b>([^<]*)</b>`).exec(html)?.[1];

let summary: InsightsSummary;

beforeAll(async () => {
  const { team } = suite;
  const repeated = buildClaimReport({ region: GUANGZHOU_TIANHE });
  expect((await team.platform.http.post('/api/v1/claims', repeated)).status).toBe(201);
  expect((await team.platform.http.post('/api/v1/claims', buildClaimReport())).status).toBe(201);
  await publishCase(team, { report: { text: repeated.text, region: GUANGZHOU_TIANHE }, topic: 'food_safety', draft: { verdict: 'false', headline: HEADLINE } });
  await eventually(async () => {
    summary = (await team.lead.http.get('/api/v1/insights/summary')).body as InsightsSummary;
    return summary.reports.total === 3 && summary.cases.published === 1 && summary.ranking.length === 1 && summary.deadlinesByOrg.length === 1;
  }, 'the month counts three reports and a publication');
});

test('the printable report shows the month’s key figures, charts, response times, regions and ranking, in Chinese or English', async () => {
  const response = await suite.team.lead.http.get<string>(`/api/v1/insights/report?month=${month}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = response.body;
  expect(html).toContain('<h1>月度舆情报告</h1>');
  expect(figure(html, 'reports')).toBe('3');
  expect(figure(html, 'opened')).toBe('2');
  expect(figure(html, 'published')).toBe('1');
  expect(figure(html, 'deadlines')).toBe('100%');
  for (const part of ['figures', 'daily', 'topics', 'verdicts', 'response', 'organisations', 'regions', 'ranking']) expect(html).toContain(`data-section="${part}"`);
  // Charts are SVG drawn on the server, with the topic's name as a label.
  expect(html.match(/<svg /g)?.length).toBe(3);
  expect(html).toContain('食品安全');
  // Regions one level below the country: the province, named.
  expect(html).toMatch(/<td>广东省<\/td><td class="n">2<\/td>/);
  expect(html).toContain(`<a href="${summary.ranking[0]!.url}">${HEADLINE}</a>`);

  const english = (await suite.team.lead.http.get<string>(`/api/v1/insights/report?month=${month}&lang=en`)).body;
  expect(english).toContain('<h1>Monthly insight report</h1>');
  expect(english).toContain('<td>Guangdong</td>');
  expect(english).toContain('Food safety');
});

test('the PDF is the report printed: its text holds the same figures and the ranking', async () => {
  const response = await fetch(`${suite.app.baseUrl}/api/v1/insights/report.pdf?month=${month}`, { headers: { cookie: suite.team.lead.http.cookieHeader! } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  expect(response.headers.get('content-disposition')).toBe(`attachment; filename="refute-report-${month}.pdf"`);
  const { text, pages } = await pdfText(new Uint8Array(await response.arrayBuffer()));
  expect(pages).toBeGreaterThanOrEqual(1);
  expect(text).toContain('月度舆情报告');
  expect(text).toMatch(/3\s*举报/);
  expect(text).toMatch(/2\s*新案件/);
  expect(text).toMatch(/1\s*已发布结论/);
  expect(text).toContain('辟谣榜');
  expect(text).toContain(HEADLINE);
  expect(text).toContain('广东省');
});

test('only leads and admins get a report, of their organisation or one below it, for a month that has begun', async () => {
  const { team } = suite;
  expect((await team.reviewer.http.get('/api/v1/insights/report')).status).toBe(403);
  expect((await team.reviewer.http.get('/api/v1/insights/report.pdf')).status).toBe(403);
  const future = await team.lead.http.get('/api/v1/insights/report.pdf?month=2999-01');
  expect(future.status).toBe(400);
  expect(future.body.error.code).toBe('month_not_started');
  for (const bad of ['month=2026-13', 'lang=fr', 'org=nope', 'format=docx']) {
    expect({ bad, status: (await team.lead.http.get(`/api/v1/insights/report?${bad}`)).status }).toEqual({ bad, status: 400 });
  }
  expect((await team.lead.http.get('/api/v1/insights/report?org=0123456789abcdef01234567')).status).toBe(404);
});
