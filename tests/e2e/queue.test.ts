import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { buildClaimReport } from '../../fixtures/factories';
import { browserSuite } from '../support/browser';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const { openCaseAs } = browserSuite(() => suite.app.baseUrl);
const word = () => `w${randomBytes(4).toString('hex')}`;

const rowIds = (page: Page) => page.locator('[data-testid="case-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-case-id')));
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-case-id') ?? null);

async function expectRows(page: Page, ids: string[]) {
  let shown: Array<string | null> = [];
  await eventually(async () => {
    shown = await rowIds(page);
    return JSON.stringify(shown) === JSON.stringify(ids);
  }, `rows ${ids.join(', ')}`, 10_000).catch(() => expect(shown).toEqual(ids));
}

async function expectTotal(page: Page, total: number) {
  const shown = page.getByTestId('queue-total');
  await eventually(async () => (await shown.getAttribute('data-total')) === String(total), `a total of ${total}`, 10_000);
}

test('a reviewer searches, sorts, sees the total and counts, and opens a case with j/k and Enter', async () => {
  const platform = suite.team.platform.http;
  const tag = word();
  const report = async (views: number) => {
    const text = [tag, word(), word(), word(), word(), word()].join(' ');
    const response = await platform.post('/api/v1/claims', buildClaimReport({ text, reach: { views, shares: 0, comments: 0 } }));
    expect(response.status).toBe(201);
    return response.body.caseId as string;
  };
  const small = await report(10);
  const big = await report(100_000);
  const medium = await report(1000);
  // Another rumor, which the search leaves out.
  expect((await platform.post('/api/v1/claims', buildClaimReport())).status).toBe(201);

  const page = await openCaseAs(suite.team.reviewer, small);
  await page.goto(`${suite.app.baseUrl}/queue`);
  await page.getByTestId('queue-list').locator('[data-testid="case-row"]').first().waitFor();
  // Keys typed into the search box stay text.
  await page.getByTestId('queue-search').click();
  await page.keyboard.press('j');
  expect(await focusedId(page)).toBeNull();
  expect(await page.getByTestId('queue-search').inputValue()).toBe('j');
  await page.getByTestId('queue-search').fill(tag);
  await expectRows(page, [small, big, medium]);
  await expectTotal(page, 3);
  const lang = await page.evaluate(() => document.documentElement.lang);
  expect(await page.getByTestId('queue-total').textContent()).toBe(lang === 'en' ? '3 cases' : '共 3 个案件');
  expect(await page.getByTestId('chip-status-open').getAttribute('data-count')).toBe('3');
  expect(await page.getByTestId('chip-lane-normal').getAttribute('data-count')).toBe('3');

  await page.getByTestId('queue-sort').selectOption('reach');
  await expectRows(page, [big, medium, small]);
  expect(new URL(page.url()).searchParams.get('q')).toBe(tag);
  expect(new URL(page.url()).searchParams.get('sort')).toBe('reach');

  // Outside the search box, j and k move the focus between the rows.
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('j');
  expect(await focusedId(page)).toBe(big);
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  expect(await focusedId(page)).toBe(small);
  await page.keyboard.press('k');
  expect(await focusedId(page)).toBe(medium);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');

  await page.keyboard.press('Enter');
  await page.locator('[data-testid="case-status"]').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/cases/${medium}`);

  // Back in the queue, the search and the order are as they were.
  await page.goBack();
  await expectRows(page, [big, medium, small]);
  expect(await page.getByTestId('queue-search').inputValue()).toBe(tag);
  expect(await page.getByTestId('queue-sort').inputValue()).toBe('reach');

  // A count is also a filter: pressing it lists just those cases.
  await page.getByTestId('chip-status-in_review').click();
  await expectTotal(page, 0);
  expect(new URL(page.url()).searchParams.get('status')).toBe('in_review');
  await page.getByTestId('chip-status-in_review').click();
  await expectRows(page, [big, medium, small]);
  await page.context().close();
});
