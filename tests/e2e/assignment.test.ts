import { buildClaimReport, createUser } from '../../fixtures/factories';
import { browserSuite } from '../support/browser';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const { openCaseAs } = browserSuite(() => suite.app.baseUrl);

test('a lead assigns an expert from the case page; the expert is rung, opens the case from the bell and gives it back', async () => {
  const [lead, expert] = await Promise.all([createUser({ roles: ['lead', 'reviewer'] }), createUser({ roles: ['reviewer'] })]);
  const report = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  const caseId: string = report.body.caseId;
  const leadPage = await openCaseAs(lead, caseId);
  const expertPage = await openCaseAs(expert, caseId);

  await leadPage.getByTestId('assign-button').click();
  const picker = leadPage.getByTestId('assign-select');
  await picker.locator(`option[value="${expert.id}"]`).waitFor({ state: 'attached' });
  await picker.selectOption(expert.id);
  await leadPage.getByTestId('assignees').getByText(`Test ${expert.email}`).waitFor();
  await leadPage.getByTestId('case-status').getByText(/审核中|In review/).waitFor();

  const count = expertPage.getByTestId('notification-count');
  await count.waitFor({ timeout: 5_000 });
  await expertPage.getByTestId('notifications').getByRole('button').click();
  await expertPage.getByTestId('notification-item').click();
  await expertPage.getByTestId('give-back').waitFor();
  await expertPage.getByTestId('give-back').click();
  await expertPage.getByTestId('assignees').getByText(/nobody yet|暂无/).waitFor();
  expect((await suite.team.lead.http.get(`/api/v1/cases/${caseId}`)).body).toMatchObject({ status: 'open', assignees: [] });
});
