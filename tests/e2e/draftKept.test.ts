import { buildClaimReport, createUser } from '../../fixtures/factories';
import { browserSuite } from '../support/browser';
import { teamSuite } from '../support/workbench';

// Nothing typed is lost: a reload brings every field back, and leaving with unsaved work asks first.
const suite = teamSuite();
const browser = browserSuite(() => suite.app.baseUrl);

test('every field typed into the draft survives a reload, with a notice, and saving clears it', async () => {
  const { platform, reviewer } = suite.team;
  const caseId: string = (await platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Sleeping with wet hair causes facial paralysis' }))).body.caseId;
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);

  const page = await browser.openCaseAs(reviewer, caseId, '[data-testid="rebuttal-sync"][data-state="synced"]');
  const questions: string[] = [];
  page.on('dialog', (dialog) => {
    questions.push(dialog.type());
    void dialog.accept();
  });
  await page.getByTestId('verdict-select').selectOption('misleading');
  await page.getByTestId('headline-input').fill('Wet hair does not paralyse the face');
  await page.getByTestId('summary-input').fill('Facial palsy has other causes; wet hair is not one of them.');
  await page.getByTestId('rebuttal-editor').click();
  await page.keyboard.type('Bell palsy is linked to viral infections.');
  await page.getByTestId('evidence-add').click();
  await page.getByTestId('evidence-title').first().fill('Bell palsy overview');
  await page.getByTestId('evidence-url').first().fill('https://example.org/bell-palsy');
  await page.getByTestId('evidence-kind').first().selectOption('official');

  // In-app navigation asks first; declining keeps the page.
  page.removeAllListeners('dialog');
  page.once('dialog', (dialog) => void dialog.dismiss());
  await page.getByRole('link', { name: /Queue|待审队列/ }).first().click();
  await page.getByTestId('headline-input').waitFor();
  expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}`);

  page.on('dialog', (dialog) => void dialog.accept());
  await page.waitForTimeout(400);
  await page.reload();
  await page.locator('[data-testid="rebuttal-sync"][data-state="synced"]').waitFor();
  await page.getByTestId('notice').waitFor();
  expect(await page.getByTestId('verdict-select').inputValue()).toBe('misleading');
  expect(await page.getByTestId('headline-input').inputValue()).toBe('Wet hair does not paralyse the face');
  expect(await page.getByTestId('summary-input').inputValue()).toBe('Facial palsy has other causes; wet hair is not one of them.');
  expect(await page.getByTestId('rebuttal-editor').textContent()).toContain('Bell palsy is linked to viral infections.');
  expect(await page.getByTestId('evidence-title').first().inputValue()).toBe('Bell palsy overview');
  expect(await page.getByTestId('evidence-url').first().inputValue()).toBe('https://example.org/bell-palsy');
  expect(await page.getByTestId('evidence-kind').first().inputValue()).toBe('official');

  await page.getByTestId('save-button').click();
  await page.locator('.save-state:not(.dirty)').waitFor();
  const saved = (await reviewer.http.get(`/api/v1/cases/${caseId}`)).body.draft;
  expect(saved).toMatchObject({ verdict: 'misleading', headline: 'Wet hair does not paralyse the face' });
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('refute.draft.')))).toEqual([]);
  await page.context().close();
});

test('a report a moderator is typing and a comment on a case survive a reload; sending them clears what was kept', async () => {
  const { platform, reviewer } = suite.team;
  const moderator = await createUser({ roles: ['moderator'], orgId: platform.orgId });
  const console = await browser.newPageAs(moderator);
  const text = `Microwaved water changes its molecules and harms plants ${Date.now()}`;
  await console.getByTestId('report-text').fill(text);
  await console.getByTestId('report-url').fill('https://video.example.org/p/42');
  await console.getByTestId('report-views').fill('3100');
  await console.getByTestId('report-emergency').check();
  console.on('dialog', (dialog) => void dialog.accept());
  await console.reload();
  await console.getByTestId('report-text').waitFor();
  expect(await console.getByTestId('report-text').inputValue()).toBe(text);
  expect(await console.getByTestId('report-url').inputValue()).toBe('https://video.example.org/p/42');
  expect(await console.getByTestId('report-views').inputValue()).toBe('3100');
  expect(await console.getByTestId('report-emergency').isChecked()).toBe(true);
  await console.getByTestId('report-submit').click();
  await console.getByTestId('report-filed').waitFor();
  expect(await console.getByTestId('report-text').inputValue()).toBe('');
  expect(await console.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('refute.typed.')))).toEqual([]);
  await console.context().close();

  const caseId: string = (await platform.http.post('/api/v1/claims', buildClaimReport({ text: 'Cold showers cure depression in a week' }))).body.caseId;
  const page = await browser.openCaseAs(reviewer, caseId);
  await page.getByTestId('comment-input').fill('The cited study had twelve participants and no control group.');
  await page.reload();
  await page.getByTestId('comment-input').waitFor();
  expect(await page.getByTestId('comment-input').inputValue()).toBe('The cited study had twelve participants and no control group.');
  await page.getByTestId('comment-submit').click();
  await page.getByTestId('comment-item').filter({ hasText: 'twelve participants' }).waitFor();
  expect(await page.getByTestId('comment-input').inputValue()).toBe('');
  await page.reload();
  await page.getByTestId('comment-input').waitFor();
  expect(await page.getByTestId('comment-input').inputValue()).toBe('');
  await page.context().close();
});
