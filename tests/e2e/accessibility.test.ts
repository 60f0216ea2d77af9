import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { CreatedUser } from '../../fixtures/factories';
import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { CLIENT_DIST_DIR } from '../../server/src/paths';
import { blockingViolations } from '../support/axe';
import { launchChromium, signedInOver } from '../support/browser';
import { createExpert } from '../support/experts';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
let browser: Browser;
let openCaseId: string;
let submittedCaseId: string;
let routedCaseId: string;
let expert: CreatedUser;

/** A case reported by the team's platform: `times` reports of one text (five within an hour make it hot). */
async function reportedCase(text?: string, times = 1): Promise<string> {
  const report = buildClaimReport(text ? { text } : {});
  let caseId = '';
  for (let i = 0; i < times; i++) {
    caseId = (await suite.team.platform.http.post('/api/v1/claims', { ...report, externalId: `${report.externalId}-${i}` })).body.caseId;
  }
  return caseId;
}

async function writtenAndSubmitted(caseId: string): Promise<void> {
  const { reviewer, lead } = suite.team;
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: reviewer.id })).status).toBe(200);
  expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
}

beforeAll(async () => {
  if (!fs.existsSync(`${CLIENT_DIST_DIR}/index.html`)) throw new Error('The web client is not built: run "npm test"');
  browser = await launchChromium();
  const { reviewer, lead, otherLead } = suite.team;
  // Every lane and status on the queue's badges, a case in review with a draft and a comment, a
  // submitted one for a lead's page, and a published one for the feed.
  await reportedCase(`Earthquake warning ${buildClaimReport().text}`);
  await reportedCase(undefined, 5);
  openCaseId = await reportedCase();
  expect((await lead.http.post(`/api/v1/cases/${openCaseId}/assign`, { userId: reviewer.id })).status).toBe(200);
  expect((await reviewer.http.put(`/api/v1/cases/${openCaseId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${openCaseId}/comments`, { body: 'Sources?', mentions: [] })).status).toBe(201);
  submittedCaseId = await reportedCase();
  await writtenAndSubmitted(submittedCaseId);
  const returnedId = await reportedCase();
  await writtenAndSubmitted(returnedId);
  expect((await otherLead.http.post(`/api/v1/cases/${returnedId}/return`, { comment: 'Cite the study' })).status).toBe(200);
  // The expert pool: one expert on leave, one who is offered a case the lead sees ranked.
  expert = await createExpert(suite.app.baseUrl, lead, { region: '330102', leave: [{ from: '2030-01-01', to: '2030-01-05' }] });
  await createExpert(suite.app.baseUrl, lead, { region: '110101', onCall: true, leave: [{ from: '2000-01-01', to: '2999-12-31' }] });
  routedCaseId = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '330102' }))).body.caseId;
  const publishedId = await reportedCase();
  await writtenAndSubmitted(publishedId);
  expect((await otherLead.http.post(`/api/v1/cases/${publishedId}/approve`)).status).toBe(200);
});
afterAll(() => browser?.close());

/** A fresh browser profile that has chosen `lang` before; signed in as `user` when given (the login page is checked on its own). */
async function pageIn(lang: 'zh' | 'en', user?: CreatedUser): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript((chosen) => localStorage.setItem('refute.lang', chosen), lang);
  if (user) await signedInOver(context, suite.app.baseUrl, user);
  return context.newPage();
}

/** The queue with its cases shown. */
async function queueOf(page: Page): Promise<void> {
  await page.goto(`${suite.app.baseUrl}/queue`);
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
    const page = await pageIn(lang, suite.team.reviewer);
    await queueOf(page);
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

  test("on a lead's queue with every lane, and a lead's page of a submitted case", async () => {
    const page = await pageIn(lang, suite.team.otherLead);
    await queueOf(page);
    for (const lane of ['emergency', 'hot', 'normal']) await page.locator(`.lane-${lane}`).first().waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    await page.goto(`${suite.app.baseUrl}/cases/${submittedCaseId}`);
    await page.getByTestId('approve-button').waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    await page.context().close();
  });

  test("on a lead's page of an open case with its candidates, the expert pool, and an expert's availability", async () => {
    const page = await pageIn(lang, suite.team.otherLead);
    await page.goto(`${suite.app.baseUrl}/cases/${routedCaseId}`);
    await page.getByTestId('candidate-reasons').first().waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    await page.goto(`${suite.app.baseUrl}/experts`);
    await page.getByTestId('expert-row').first().waitFor();
    await page.getByTestId('expert-edit').first().click();
    await page.getByTestId('expert-form').waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    await page.context().close();

    const own = await pageIn(lang, expert);
    await own.goto(`${suite.app.baseUrl}/settings/availability`);
    await own.getByTestId('leave-row').waitFor();
    expect(await blockingViolations(own)).toEqual([]);
    await own.context().close();
  });
});
