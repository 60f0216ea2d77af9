import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { CreatedUser } from '../../fixtures/factories';
import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { CLIENT_DIST_DIR } from '../../server/src/paths';
import { blockingViolations } from '../support/axe';
import { launchChromium } from '../support/browser';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
let browser: Browser;
let openCaseId: string;

beforeAll(async () => {
  if (!fs.existsSync(`${CLIENT_DIST_DIR}/index.html`)) throw new Error('The web client is not built: run "npm test"');
  browser = await launchChromium();
  const { platform, reviewer, lead, otherLead } = suite.team;
  // A case in review with a draft and a comment, and a published one, so every page shows its content.
  const report = async () => (await platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId as string;
  openCaseId = await report();
  expect((await lead.http.post(`/api/v1/cases/${openCaseId}/assign`, { userId: reviewer.id })).status).toBe(200);
  expect((await reviewer.http.put(`/api/v1/cases/${openCaseId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${openCaseId}/comments`, { body: 'Sources?', mentions: [] })).status).toBe(201);
  const publishedId = await report();
  expect((await lead.http.post(`/api/v1/cases/${publishedId}/assign`, { userId: reviewer.id })).status).toBe(200);
  expect((await reviewer.http.put(`/api/v1/cases/${publishedId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${publishedId}/submit`)).status).toBe(200);
  expect((await otherLead.http.post(`/api/v1/cases/${publishedId}/approve`)).status).toBe(200);
});
afterAll(() => browser?.close());

/** A fresh browser profile that has chosen `lang` before. */
async function pageIn(lang: 'zh' | 'en'): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript((chosen) => localStorage.setItem('refute.lang', chosen), lang);
  return context.newPage();
}

async function signIn(page: Page, user: CreatedUser): Promise<void> {
  await page.goto(`${suite.app.baseUrl}/login`);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.locator('[data-testid="queue-list"] [data-case-id]').first().waitFor();
}

describe.each(['zh', 'en'] as const)('axe finds no serious or critical violation (%s)', (lang) => {
  test('on the login page', async () => {
    const page = await pageIn(lang);
    await page.goto(`${suite.app.baseUrl}/login`);
    await page.getByTestId('login-submit').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang === 'zh' ? 'zh-CN' : 'en');
    expect(await blockingViolations(page)).toEqual([]);
    await page.context().close();
  });

  test('on the queue, a case page being edited and the feed', async () => {
    const page = await pageIn(lang);
    await signIn(page, suite.team.reviewer);
    expect(await blockingViolations(page)).toEqual([]);

    await page.goto(`${suite.app.baseUrl}/cases/${openCaseId}`);
    await page.locator('[data-testid="rebuttal-sync"][data-state="synced"]').waitFor();
    await page.getByTestId('comment-item').first().waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    await page.goto(`${suite.app.baseUrl}/feed`);
    await page.getByTestId('feed-item').first().waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    await page.context().close();
  });
});
