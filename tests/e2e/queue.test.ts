import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildClaimReport, createPlatform, createUser, type CreatedUser } from '../../fixtures/factories';
import { CLIENT_DIST_DIR } from '../../server/src/paths';
import { launchChromium } from '../support/browser';
import { HttpClient } from '../support/http';
import { eventually } from '../support/sockets';
import { startTestApp, type TestApp } from '../support/testApp';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(`${CLIENT_DIST_DIR}/index.html`)) throw new Error('The web client is not built: run "npm test"');
  app = await startTestApp();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const word = () => `w${randomBytes(4).toString('hex')}`;

async function logIn(page: Page, user: CreatedUser) {
  await page.goto(`${app.baseUrl}/login`);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('queue-list').waitFor();
}

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
  const platform = new HttpClient(app.baseUrl, { apiKey: (await createPlatform()).apiKey });
  const reviewer = await createUser({ roles: ['reviewer'] });
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

  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await logIn(page, reviewer);
  await page.getByTestId('queue-search').fill(tag);
  await expectRows(page, [small, big, medium]);
  await expectTotal(page, 3);
  expect(await page.getByTestId('queue-total').textContent()).toBe('3 cases');
  expect(await page.getByTestId('chip-status-open').getAttribute('data-count')).toBe('3');
  expect(await page.getByTestId('chip-lane-normal').getAttribute('data-count')).toBe('3');

  await page.getByTestId('queue-sort').selectOption('reach');
  await expectRows(page, [big, medium, small]);
  expect(new URL(page.url()).searchParams.get('q')).toBe(tag);
  expect(new URL(page.url()).searchParams.get('sort')).toBe('reach');

  // Keys typed into the search box stay text; outside it, j and k move the focus.
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
