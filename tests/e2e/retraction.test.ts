import type { CreatedUser } from '../../fixtures/factories';
import { blockingViolations } from '../support/axe';
import { browserSuite } from '../support/browser';
import { publishCase } from '../support/publishing';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const browser = browserSuite(() => suite.app.baseUrl);

/** The case page as `user`, once it shows the case in `status`. */
const openCase = (user: CreatedUser, caseId: string, status: string) => browser.openCaseAs(user, caseId, `[data-testid="case-status"][data-status="${status}"]`);

test('a lead retracts a published verdict from the case page, after a dialog that wants a reason, and the public page then shows the notice', async () => {
  const { lead, reviewer, otherLead } = suite.team;
  const publication = await publishCase(suite.team, { report: { text: 'Rubbing garlic on your feet overnight cures a chest infection' } });
  const reason = 'The study this verdict relied on was retracted by its journal';

  // Neither a reviewer nor a lead of another organisation sees the action; the latter watches the case.
  const reviewerPage = await openCase(reviewer, publication.caseId, 'published');
  expect(await reviewerPage.getByTestId('retract-button').count()).toBe(0);
  await reviewerPage.context().close();
  const watcher = await openCase(otherLead, publication.caseId, 'published');
  expect(await watcher.getByTestId('reopen-button').count()).toBe(1);
  expect(await watcher.getByTestId('retract-button').count()).toBe(0);

  const page = await openCase(lead, publication.caseId, 'published');
  await page.getByTestId('retract-button').click();
  const dialog = page.getByTestId('retract-dialog');
  await dialog.waitFor();
  expect(await blockingViolations(page)).toEqual([]);
  // Without a reason nothing is sent: the dialog says what is missing.
  await page.getByTestId('retract-confirm').click();
  await page.getByTestId('retract-reason-missing').waitFor();
  expect((await lead.http.get(`/api/v1/cases/${publication.caseId}`)).body.status).toBe('published');

  await page.getByTestId('retract-reason').fill(reason);
  await page.getByTestId('retract-confirm').click();
  await page.locator('[data-testid="case-status"][data-status="retracted"]').waitFor();
  expect(await dialog.count()).toBe(0);
  expect(await page.getByTestId('retracted-reason').textContent()).toBe(reason);
  expect(await page.getByTestId('retract-button').count()).toBe(0);
  expect(await page.getByTestId('reopen-button').count()).toBe(0);
  // The other viewer's page shows the retraction without a reload.
  await watcher.locator('[data-testid="case-status"][data-status="retracted"]').waitFor();
  expect(await watcher.getByTestId('retracted-reason').textContent()).toBe(reason);
  await watcher.context().close();

  // The banner's link opens the public notice; both languages say it was retracted, with the reason.
  const href = (await page.getByTestId('retraction-link').getAttribute('href'))!;
  for (const [lang, title] of [
    ['zh', '此结论已被撤回'],
    ['en', 'This verdict has been retracted'],
  ] as const) {
    const publicPage = await (await page.context().browser()!.newContext()).newPage();
    await publicPage.goto(`${suite.app.baseUrl}${href}?lang=${lang}`);
    const notice = publicPage.getByTestId('retraction-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain(title);
    expect(await publicPage.getByTestId('retraction-reason').textContent()).toBe(reason);
    expect(await publicPage.locator('script[type="application/ld+json"]').count()).toBe(0);
    expect(await blockingViolations(publicPage)).toEqual([]);
    // The first version's page says the same.
    await publicPage.goto(`${suite.app.baseUrl}/r/${publication.slug}?lang=${lang}`);
    await publicPage.getByTestId('retraction-notice').waitFor();
    await publicPage.context().close();
  }
  await page.context().close();
});
