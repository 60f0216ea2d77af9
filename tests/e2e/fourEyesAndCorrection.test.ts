import { buildClaimReport, buildDraft } from '../../fixtures/factories';
import { browserSuite } from '../support/browser';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const browser = browserSuite(() => suite.app.baseUrl);

async function submittedCase(text: string): Promise<string> {
  const { platform, reviewer, lead } = suite.team;
  const caseId: string = (await platform.http.post('/api/v1/claims', buildClaimReport({ text }))).body.caseId;
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: reviewer.id })).status).toBe(200);
  expect((await lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: lead.id })).status).toBe(200);
  return caseId;
}

test('a lead who typed into the rebuttal is told why they cannot approve, and sees no approve button', async () => {
  const { reviewer, lead } = suite.team;
  const caseId = await submittedCase('Holding your breath for a minute each morning cures asthma');
  const leadPage = await browser.openCaseAs(lead, caseId, '[data-testid="rebuttal-sync"][data-state="synced"]');
  await leadPage.getByTestId('rebuttal-editor').click();
  await leadPage.keyboard.type('Asthma needs medical care. ');
  // The reviewer saves and submits the draft the lead helped write.
  const authors = async () => (await reviewer.http.get(`/api/v1/cases/${caseId}`)).body.draft.authorIds as string[];
  await eventually(async () => (await authors()).includes(lead.id), 'the lead counted as an author');
  expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);

  await leadPage.reload();
  await leadPage.locator('[data-testid="case-status"][data-status="submitted"]').waitFor();
  await leadPage.locator('.four-eyes').waitFor();
  // People are named, never shown as ids.
  const historyText = (await leadPage.getByTestId('history-list').textContent()) ?? '';
  expect(historyText).not.toMatch(/#[0-9a-f]{6}/);
  expect(await leadPage.locator('main').textContent()).toContain(`Test ${reviewer.email}`);
  expect(await leadPage.getByTestId('approve-button').count()).toBe(0);
  await leadPage.context().close();
});

test('a lead reopens a published case for a correction, after confirming, and the reason is shown', async () => {
  const { reviewer, lead, otherLead } = suite.team;
  const caseId = await submittedCase('Eating ice cream after a cold drink causes instant stomach ulcers');
  expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft())).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  expect((await otherLead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);

  const page = await browser.openCaseAs(otherLead, caseId, '[data-testid="case-status"][data-status="published"]');
  let asked = '';
  page.on('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.accept();
  });
  await page.getByTestId('reopen-reason').fill('A newer study changes the numbers');
  await page.getByTestId('reopen-button').click();
  await page.locator('[data-testid="case-status"][data-status="in_review"]').waitFor();
  expect(asked).not.toBe('');
  expect(await page.getByTestId('correction-note').textContent()).toContain('A newer study changes the numbers');
  expect((await lead.http.get(`/api/v1/cases/${caseId}`)).body.reopenReason).toBe('A newer study changes the numbers');
  await page.context().close();
});
