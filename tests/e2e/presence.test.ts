import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { buildClaimReport, createUser, type CreatedUser } from '../../fixtures/factories';
import { CLIENT_DIST_DIR } from '../../server/src/paths';
import { launchChromium } from '../support/browser';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
let browser: Browser;
beforeAll(async () => {
  if (!fs.existsSync(`${CLIENT_DIST_DIR}/index.html`)) throw new Error('The web client is not built: run "npm test"');
  browser = await launchChromium();
});
afterAll(() => browser?.close());

async function openCaseAs(user: CreatedUser, caseId: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${suite.app.baseUrl}/login`);
  await page.getByTestId('login-email').fill(user.email);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('queue-list').waitFor();
  await page.goto(`${suite.app.baseUrl}/cases/${caseId}`);
  await page.getByTestId('case-status').waitFor();
  return page;
}

test('two experts on one case see each other, and the queue updates live', async () => {
  const [doctor, toxicologist] = await Promise.all([createUser({ roles: ['reviewer'] }), createUser({ roles: ['reviewer'] })]);
  const report = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  const caseId: string = report.body.caseId;

  const first = await openCaseAs(doctor, caseId);
  const second = await openCaseAs(toxicologist, caseId);
  await first.locator(`[data-testid="presence"] [data-user-id="${toxicologist.id}"]`).waitFor();
  await second.locator(`[data-testid="presence"] [data-user-id="${doctor.id}"]`).waitFor();

  await second.close();
  await first.locator(`[data-testid="presence"] [data-user-id="${toxicologist.id}"]`).waitFor({ state: 'detached', timeout: 10_000 });

  await first.goto(`${suite.app.baseUrl}/queue`);
  await first.getByTestId('queue-list').waitFor();
  const fresh = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  await first.locator(`[data-testid="case-row"][data-case-id="${fresh.body.caseId}"]`).waitFor({ timeout: 5_000 });
});
