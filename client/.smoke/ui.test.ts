import type { Browser, Page } from 'playwright-core';
import { buildClaimReport } from '../../fixtures/factories';
import { CaseModel } from '../../server/src/features/cases/model';
import { launchChromium } from '../../tests/support/browser';
import { startTestApp, type TestApp } from '../../tests/support/testApp';
import { createTeam } from '../../tests/support/workbench';

let app: TestApp;
let browser: Browser;
let team: Awaited<ReturnType<typeof createTeam>>;
beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
  team = await createTeam(app.baseUrl);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const report = async (text: string) =>
  (await team.platform.http.post('/api/v1/claims', buildClaimReport({ text }))).body as { id: string; caseId: string };

async function logIn(page: Page) {
  await page.goto(`${app.baseUrl}/login`);
  await page.getByTestId('login-email').fill(team.reviewer.email);
  await page.getByTestId('login-password').fill(team.reviewer.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('queue-list').waitFor();
}

test('topic, match, move out, suggestions, merge', async () => {
  const first = await report('Lightning never strikes the same place twice, physicists say');
  const joined = await report('Physicists say lightning never strikes the same place twice!');
  expect(joined.caseId).toBe(first.caseId);
  const other = await report('Eating carrots lets you see in the dark like a cat');
  await CaseModel.updateOne({ _id: other.caseId }, { $set: { suggestions: [{ caseId: first.caseId, similarity: 0.4217 }] } });

  const page = await browser.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  page.on('pageerror', (error) => console.log('PAGE ERROR', error));
  await logIn(page);
  await page.goto(`${app.baseUrl}/cases/${first.caseId}`);
  await page.getByTestId('case-status').waitFor();
  console.log('source:', await page.getByTestId('topic-source').textContent());
  console.log('velocity:', await page.getByTestId('case-velocity').textContent());
  const matches = page.getByTestId('match-decision');
  console.log('matches:', await matches.count(), await matches.allTextContents(), await matches.first().getAttribute('title'), await matches.last().getAttribute('title'));
  expect(await page.getByTestId('move-out-button').count()).toBe(2);
  expect(await page.getByTestId('suggestions').count()).toBe(0);

  await page.getByTestId('topic-select').selectOption('space');
  await page.getByText('由审核人设定').waitFor();
  console.log('after topic:', await page.getByTestId('topic-source').textContent(), await page.getByTestId('notice').textContent());

  await page.locator(`[data-report-id="${joined.id}"] [data-testid="move-out-button"]`).click();
  await page.waitForURL((url) => !url.pathname.endsWith(first.caseId));
  await page.getByTestId('case-status').waitFor();
  console.log('moved to', page.url());
  expect(await page.getByTestId('case-report').count()).toBe(1);
  expect(await page.getByTestId('move-out-button').count()).toBe(0);
  console.log('history new:', await page.getByTestId('history-list').textContent());

  await page.goto(`${app.baseUrl}/cases/${other.caseId}`);
  await page.getByTestId('suggestions').waitFor();
  await page.getByText('Lightning never strikes', { exact: false }).first().waitFor();
  console.log('suggestion:', await page.getByTestId('suggestion').textContent());
  await page.getByTestId('merge-button').click();
  await page.waitForURL((url) => url.pathname.endsWith(first.caseId));
  await page.getByTestId('case-status').waitFor();
  console.log('history target:', await page.getByTestId('history-list').textContent());

  await page.goto(`${app.baseUrl}/cases/${other.caseId}`);
  await page.getByTestId('merged-banner').waitFor();
  await page.getByTestId('merged-into-link').getByText('Lightning', { exact: false }).waitFor();
  console.log('banner:', await page.getByTestId('merged-banner').textContent());
  expect(await page.getByTestId('claim-button').count()).toBe(0);
  expect(await page.getByTestId('topic-select').count()).toBe(0);
  console.log('status:', await page.getByTestId('case-status').textContent());
  console.log('history merged:', await page.getByTestId('history-list').textContent());
  await page.screenshot({ path: '/tmp/refute-merged.png', fullPage: true });
  await page.goto(`${app.baseUrl}/cases/${first.caseId}`);
  await page.getByTestId('case-status').waitFor();
  await page.screenshot({ path: '/tmp/refute-target.png', fullPage: true });
});
