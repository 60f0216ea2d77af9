import { buildClaimReport } from '../../fixtures/factories';
import { PairDecisionModel } from '../../server/src/features/matching/pairDecisionModel';
import { browserSuite } from '../support/browser';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const { openCaseAs } = browserSuite(() => suite.app.baseUrl);

const report = async (text: string) => (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ text }))).body as { id: string; caseId: string };

test('a lead marks a report as not the same claim from the case page, after saying so twice', async () => {
  const first = await report('Eating bananas at night dissolves kidney stones, a urologist reveals');
  const joined = await report('A urologist reveals: eating bananas at night dissolves kidney stones!');
  expect(joined.caseId).toBe(first.caseId);
  const page = await openCaseAs(suite.team.lead, first.caseId);
  const row = page.locator(`[data-testid="case-report"][data-report-id="${joined.id}"]`);

  // Dismissing the question changes nothing.
  page.once('dialog', (dialog) => void dialog.dismiss());
  await row.getByTestId('not-same-claim-button').click();
  expect(await PairDecisionModel.countDocuments({ claimId: joined.id })).toBe(0);

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByTestId('not-same-claim-button').click();
  await row.getByTestId('not-same-claim-mark').waitFor();
  expect(await row.getByTestId('not-same-claim-button').count()).toBe(0);
  expect(await PairDecisionModel.findOne({ claimId: joined.id }).lean()).toMatchObject({ same: false, kind: 'marked' });
  const rereport = await report('A urologist reveals: eating bananas at night dissolves kidney stones!');
  expect(rereport.caseId).not.toBe(first.caseId);
});

test('a lead finds a case to merge into by the words of its claim, shown by its title', async () => {
  const target = await report('Charging your phone overnight makes the battery explode within a year');
  const source = await report('手机整夜充电，一年之内电池就会爆炸，快告诉家人');
  expect(source.caseId).not.toBe(target.caseId);
  const page = await openCaseAs(suite.team.lead, source.caseId);
  await page.getByTestId('merge-search-input').fill('battery explode');
  await page.getByTestId('merge-search-submit').click();
  const found = page.locator(`[data-testid="merge-target"][data-case-id="${target.caseId}"]`);
  await found.getByText('Charging your phone overnight makes the battery explode within a year').waitFor();
  page.once('dialog', (dialog) => void dialog.accept());
  await found.getByTestId('merge-target-button').click();
  await page.waitForURL(`**/cases/${target.caseId}`);
  expect((await suite.team.lead.http.get(`/api/v1/cases/${source.caseId}`)).body).toMatchObject({ status: 'merged', mergedInto: target.caseId });
});

test('a lead states the claim as reviewed on the case page; it is there after a reload, and rewordings of it join the case', async () => {
  const opened = await report('URGENT share before it gets deleted!! my cousin at the hospital says the new towers near the schools are making the kids sick');
  const page = await openCaseAs(suite.team.lead, opened.caseId);
  await page.getByTestId('claim-statement-empty').waitFor();
  // The label names the field for assistive technology as well.
  await page.getByLabel(/claim, as a statement|说法（一句陈述）/).fill('5G towers make children ill');
  await page.getByTestId('claim-statement-save').click();
  await page.getByTestId('claim-statement').getByText('5G towers make children ill').waitFor();

  await page.reload();
  await page.getByTestId('claim-statement').getByText('5G towers make children ill').waitFor();
  expect(await page.getByTestId('claim-statement-input').inputValue()).toBe('5G towers make children ill');
  const joined = await report('Do 5G towers make children ill?');
  expect(joined.caseId).toBe(opened.caseId);
  // The report shows why it joined: by the claim as reviewed.
  await page.reload();
  await page.locator(`[data-testid="case-report"][data-report-id="${joined.id}"]`).getByTestId('match-by-statement').waitFor();
});
