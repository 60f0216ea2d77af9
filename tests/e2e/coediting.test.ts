import type { Page } from 'playwright-core';
import { buildClaimReport, buildDraft, createUser } from '../../fixtures/factories';
import { browserSuite } from '../support/browser';
import { eventually } from '../support/sockets';
import { loggedIn, teamSuite } from '../support/workbench';

const suite = teamSuite();
const { openCaseAs } = browserSuite(() => suite.app.baseUrl);
const SYNCED = '[data-testid="rebuttal-sync"][data-state="synced"]';

/** The rebuttal's text without the other editors' cursor labels. */
const editorText = (page: Page) =>
  page.getByTestId('rebuttal-editor').evaluate((editor) => {
    const copy = editor.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ProseMirror-yjs-cursor').forEach((cursor) => cursor.remove());
    return Array.from(copy.children, (block) => block.textContent).join('\n');
  });

/** A new case claimed by a doctor, with a toxicologist assigned too. */
async function caseWithTwoExperts() {
  const [doctor, toxicologist] = await Promise.all([createUser({ roles: ['reviewer'] }), createUser({ roles: ['reviewer'] })]);
  const caseId: string = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId;
  const doctorApi = await loggedIn(suite.app.baseUrl, doctor);
  expect((await doctorApi.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  expect((await suite.team.lead.http.post(`/api/v1/cases/${caseId}/assign`, { userId: toxicologist.id })).status).toBe(200);
  return { doctor, toxicologist, caseId, doctorApi };
}

test('two experts type into the rebuttal at the same time and end with the same text', async () => {
  const { doctor, toxicologist, caseId, doctorApi } = await caseWithTwoExperts();
  // A rebuttal saved before anyone co-edited it becomes the shared text, once, however many open it.
  const saved = await doctorApi.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ rebuttalHtml: '<p>Saved before.</p>', version: 0 }));
  expect(saved.status).toBe(200);

  const [first, second] = await Promise.all([openCaseAs(doctor, caseId, SYNCED), openCaseAs(toxicologist, caseId, SYNCED)]);
  await Promise.all([first, second].map((page) => page.getByTestId('rebuttal-editor').getByText('Saved before.').waitFor()));

  await first.getByTestId('rebuttal-editor').click();
  await first.keyboard.press('Control+End');
  await first.keyboard.press('Enter');
  await second.getByTestId('rebuttal-editor').click();
  await second.keyboard.press('Control+Home');
  await Promise.all([
    first.keyboard.type('The doctor writes at the end. ', { delay: 15 }),
    second.keyboard.type('The toxicologist writes first. ', { delay: 15 }),
  ]);

  await first.waitForFunction(
    () => {
      const text = document.querySelector('[data-testid="rebuttal-editor"]')?.textContent ?? '';
      return text.includes('The toxicologist writes first.') && text.includes('The doctor writes at the end.');
    },
    undefined,
    { timeout: 10_000 },
  );
  await eventually(async () => (await editorText(second)) === (await editorText(first)), 'both editors show the same text', 10_000);
  const text = await editorText(first);
  expect(text.match(/Saved before\./g)).toHaveLength(1);
  expect(text).toContain('The toxicologist writes first.');

  // Each sees where the other is typing, with their name.
  await first.locator('.ProseMirror-yjs-cursor', { hasText: toxicologist.email }).waitFor();

  // What they wrote is kept: a reload shows the same text, and saving the draft carries it.
  await second.reload();
  await second.locator(SYNCED).waitFor();
  await eventually(async () => (await editorText(second)) === text, 'the reloaded editor shows the text', 10_000);
  await first.getByTestId('save-button').click();
  await first.getByTestId('notice').waitFor();
  const draft = (await doctorApi.http.get(`/api/v1/cases/${caseId}`)).body.draft;
  expect(draft.rebuttalHtml).toContain('The toxicologist writes first.');
  expect(draft.rebuttalHtml).toContain('The doctor writes at the end.');
});

test('a save by one expert reaches the other live: untouched fields update, a field both changed is named', async () => {
  const { doctor, toxicologist, caseId, doctorApi } = await caseWithTwoExperts();
  expect((await doctorApi.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ headline: 'Old headline', summary: 'Old summary.', version: 0 }))).status).toBe(200);

  const [first, second] = await Promise.all([openCaseAs(doctor, caseId, SYNCED), openCaseAs(toxicologist, caseId, SYNCED)]);
  await second.getByTestId('headline-input').fill('Headline by the toxicologist');
  await first.getByTestId('headline-input').fill('Headline by the doctor');
  await first.getByTestId('summary-input').fill('Summary by the doctor.');
  await first.getByTestId('save-button').click();
  await first.getByTestId('notice').waitFor();

  // The toxicologist did not touch the summary: it takes the doctor's. The headline both changed.
  await second.getByTestId('live-merge-notice').waitFor();
  expect(await second.getByTestId('summary-input').inputValue()).toBe('Summary by the doctor.');
  expect(await second.getByTestId('headline-input').inputValue()).toBe('Headline by the toxicologist');
  await second.getByTestId('live-merge-theirs').click();
  expect(await second.getByTestId('headline-input').inputValue()).toBe('Headline by the doctor');
});
