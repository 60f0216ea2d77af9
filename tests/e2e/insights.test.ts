import { buildClaimReport } from '../../fixtures/factories';
import { blockingViolations } from '../support/axe';
import { browserSuite } from '../support/browser';
import { eventually } from '../support/sockets';
import { startTestApp, type TestApp } from '../support/testApp';
import { createTeam, type Team } from '../support/workbench';

/** The lane chart's slice colours (LANE_COLORS in the client's InsightsCharts.tsx): the test clicks a slice by them. */
const LANE_COLORS = { normal: '#64748b', hot: '#f59e0b', emergency: '#dc2626' } as const;

let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp();
  team = await createTeam(app.baseUrl);
});
afterAll(() => app.close());
const { newPageAs } = browserSuite(() => app.baseUrl);

test('a lead opens /insights, changes the range and drills from the topic and lane charts and a region row into their cases of the range', async () => {
  // Reports of one topic (food safety words), so the topic chart has one bar to click.
  const report = await team.platform.http.post('/api/v1/claims', buildClaimReport({ text: `${buildClaimReport().text} 隔夜菜 亚硝酸盐 致癌 食品安全`, region: '440305' }));
  expect(report.status).toBe(201);
  const caseId = report.body.caseId as string;
  const { topic, lane } = (await team.lead.http.get<{ topic: string; lane: 'normal' | 'hot' | 'emergency' }>(`/api/v1/cases/${caseId}`)).body;
  await eventually(async () => (await team.lead.http.get<{ reports: { total: number } }>('/api/v1/insights/summary')).body.reports.total === 1, 'the report is rolled up');

  const page = await newPageAs(team.lead);
  await page.getByTestId('queue-list').waitFor();
  await page.getByTestId('nav-insights').click();
  await page.getByTestId('insights-page').waitFor();
  await eventually(async () => (await page.getByTestId('kpi-reports').textContent()) === '1', 'the dashboard counts the report', 10_000);
  await page.getByTestId('region-table').getByText(/广东省|Guangdong/).waitFor();
  expect(await blockingViolations(page)).toEqual([]);

  // A range that ends before the report: nothing counted, and the address keeps the range.
  await page.getByTestId('range-to').fill('2026-01-31');
  await page.getByTestId('range-from').fill('2026-01-01');
  await eventually(async () => (await page.getByTestId('kpi-reports').textContent()) === '0', 'the earlier range counts nothing', 10_000);
  expect(page.url()).toContain('from=2026-01-01');
  expect(page.url()).toContain('to=2026-01-31');

  // Back to the last seven days, then a click on the topic's bar opens its cases of the range in
  // the queue.
  await page.getByTestId('range-7').click();
  await eventually(async () => (await page.getByTestId('kpi-reports').textContent()) === '1', 'the last seven days count the report', 10_000);
  const range = new URL(page.url()).searchParams;
  const [from, to] = [range.get('from'), range.get('to')];
  expect(from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const inRange = (url: URL) => url.pathname === '/queue' && url.searchParams.get('createdFrom') === from && url.searchParams.get('createdTo') === to;
  const bar = page.locator('[data-testid="chart-by-topic"] path[fill="#2f6fde"]').first();
  await bar.waitFor();
  await bar.click();
  await page.waitForURL((url) => inRange(url) && url.searchParams.get('topic') === topic);
  await page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`).waitFor();
  await eventually(async () => (await page.getByTestId('filter-created-from').inputValue()) === from, 'the queue shows the range');

  // The lane's slice opens the lane's cases of the same range.
  await page.goBack();
  await eventually(async () => (await page.getByTestId('kpi-reports').textContent()) === '1', 'the dashboard is back', 10_000);
  const slice = page.locator(`[data-testid="chart-by-lane"] path[fill="${LANE_COLORS[lane]}"]`).first();
  await slice.waitFor();
  // The one lane is a whole ring: its box's middle is the hole, so the click goes on the ring's left side.
  const ring = (await slice.boundingBox())!;
  await slice.click({ position: { x: ring.width * 0.1, y: ring.height / 2 } });
  await page.waitForURL((url) => inRange(url) && url.searchParams.get('lane') === lane && !url.searchParams.has('topic'));
  await page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`).waitFor();

  // Back on the dashboard, the province's row opens the queue filtered to it and the range,
  // the filter named, not coded.
  await page.getByTestId('nav-insights').click();
  await eventually(async () => (await page.getByTestId('kpi-reports').textContent()) === '1', 'the dashboard is back', 10_000);
  await page.locator('[data-testid="region-row"][data-region="440000"]').getByTestId('region-cases').click();
  await page.waitForURL((url) => url.pathname === '/queue' && url.searchParams.get('region') === '440000' && url.searchParams.has('createdFrom') && url.searchParams.has('createdTo'));
  await page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`).waitFor();
  const province = page.getByTestId('filter-region-province');
  await eventually(async () => (await province.inputValue()) === '440000', 'the region filter shows the province');
  expect(await province.locator('option:checked').textContent()).toMatch(/广东省|Guangdong/);
  // A province elsewhere has none of these cases.
  await province.selectOption('110000');
  await page.waitForURL((url) => url.searchParams.get('region') === '110000');
  await eventually(async () => (await page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`).count()) === 0, 'the case leaves the list');
});
