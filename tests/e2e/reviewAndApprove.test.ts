import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildClaimReport, createPlatform, createUser, type CreatedUser } from '../../fixtures/factories';
import { CLIENT_DIST_DIR } from '../../server/src/paths';
import { launchChromium } from '../support/browser';
import { HttpClient } from '../support/http';
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

async function logIn(page: Page, user: CreatedUser) {
  await page.goto(`${app.baseUrl}/login`);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('queue-list').waitFor();
}

async function openCase(page: Page, caseId: string) {
  await page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`).click();
  await page.getByTestId('case-status').waitFor();
}

test('a reviewer writes and submits, a lead approves, and the rebuttal is in the feed', async () => {
  const platform = await createPlatform();
  const reviewer = await createUser({ roles: ['reviewer'] });
  const lead = await createUser({ roles: ['lead', 'reviewer'] });
  const headline = `Garlic does not cure hypertension ${Date.now()}`;
  const report = await new HttpClient(app.baseUrl, { apiKey: platform.apiKey }).post(
    '/api/v1/claims',
    buildClaimReport({ text: 'Ten garlic cloves a day cure high blood pressure, doctors hate it' }),
  );
  expect(report.status).toBe(201);
  const caseId: string = report.body.caseId;

  const reviewerContext = await browser.newContext();
  const reviewerPage = await reviewerContext.newPage();
  await logIn(reviewerPage, reviewer);
  await openCase(reviewerPage, caseId);
  await reviewerPage.getByTestId('claim-button').click();
  await reviewerPage.getByTestId('verdict-select').selectOption('false');
  await reviewerPage.getByTestId('headline-input').fill(headline);
  await reviewerPage.getByTestId('summary-input').fill('Garlic is food, not medicine. Keep taking what your doctor prescribed.');
  await reviewerPage.getByTestId('rebuttal-editor').click();
  await reviewerPage.keyboard.type('Trials found no lasting effect of garlic on blood pressure.');
  await reviewerPage.getByTestId('submit-button').click();
  await reviewerPage.locator('[data-testid="case-status"][data-status="submitted"]').waitFor();
  await reviewerContext.close();

  const leadContext = await browser.newContext();
  const leadPage = await leadContext.newPage();
  await logIn(leadPage, lead);
  await openCase(leadPage, caseId);
  await leadPage.getByTestId('approve-button').click();
  // The public page is previewed before anything is published.
  const preview = leadPage.getByTestId('approve-preview');
  await preview.waitFor();
  expect(await preview.textContent()).toContain(headline);
  await leadPage.getByTestId('approve-confirm').click();
  await leadPage.getByTestId('approve-success').waitFor();
  expect(await leadPage.getByTestId('publication-link').getAttribute('href')).toMatch(/\/r\//);
  await leadPage.getByTestId('nav-feed').click();
  const item = leadPage.getByTestId('feed-list').getByTestId('feed-item').filter({ hasText: headline });
  await item.waitFor();
  expect(await item.textContent()).toContain('Garlic is food, not medicine.');
  await leadContext.close();
});
