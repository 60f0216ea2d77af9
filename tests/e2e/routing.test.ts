/**
 * Routing in the browser: a lead assigns an expert from the case's ranked candidates, an expert
 * accepts a case offered to them from the notification that rings live, and an on-call expert
 * acknowledges the page of an emergency given to them from its notification.
 */
import { buildClaimReport, createUser } from '../../fixtures/factories';
import { EscalationStepModel } from '../../server/src/features/escalation/model';
import { browserSuite } from '../support/browser';
import { createExpert } from '../support/experts';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const { newPageAs, openCaseAs } = browserSuite(() => suite.app.baseUrl);

test('a lead sees the ranked candidates with their reasons and assigns one from the list', async () => {
  const lead = await createUser({ roles: ['lead', 'reviewer'] });
  const [near, far] = await Promise.all([
    createExpert(suite.app.baseUrl, suite.team.lead, { region: '440103' }),
    createExpert(suite.app.baseUrl, suite.team.lead, { region: '110101' }),
  ]);
  const caseId: string = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '440103' }))).body.caseId;
  const page = await openCaseAs(lead, caseId, '[data-testid="candidates-panel"] [data-testid="candidate"] >> nth=0');

  const nearRow = page.locator(`[data-testid="candidate"][data-user-id="${near.id}"]`);
  await nearRow.getByText(/同一地区|same region/).waitFor();
  await page.locator(`[data-testid="candidate"][data-user-id="${far.id}"]`).getByText(/外省|another province/).waitFor();
  // Best first: the expert of the case's own region is above the one far away.
  const order = await page.getByTestId('candidate').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-user-id')));
  expect(order.indexOf(near.id)).toBeLessThan(order.indexOf(far.id));

  await nearRow.getByTestId('candidate-assign').click();
  await page.getByTestId('assignees').getByText(`Test ${near.email}`).waitFor();
  await page.getByTestId('case-status').getByText(/审核中|In review/).waitFor();
  expect((await suite.team.lead.http.get(`/api/v1/cases/${caseId}`)).body).toMatchObject({ status: 'in_review', assignees: [near.id] });
});

test('the candidates panel warns that an expert at capacity would go past it; the lead assigns them all the same', async () => {
  const lead = await createUser({ roles: ['lead', 'reviewer'] });
  const full = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '440104', capacity: 1 });
  const first: string = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '440104' }))).body.caseId;
  expect((await full.http.post(`/api/v1/cases/${first}/claim`)).status).toBe(200);
  const caseId: string = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '440104' }))).body.caseId;
  const page = await openCaseAs(lead, caseId, `[data-testid="candidate"][data-user-id="${full.id}"]`);
  const row = page.locator(`[data-testid="candidate"][data-user-id="${full.id}"]`);
  await row.getByTestId('candidate-over-capacity').getByText(/已满额|At capacity/).waitFor();
  await row.getByTestId('candidate-assign').click();
  await page.getByTestId('assignees').getByText(`Test ${full.email}`).waitFor();
  expect((await suite.team.lead.http.get(`/api/v1/cases/${caseId}`)).body.assignees).toEqual([full.id]);
});

test('an expert is offered a new case live and accepts it from the notification', async () => {
  const expert = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '440104' });
  const page = await newPageAs(expert);
  await page.getByTestId('queue-list').waitFor();

  const caseId: string = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '440104' }))).body.caseId;
  await page.getByTestId('notification-count').waitFor();
  await page.getByTestId('notifications').getByRole('button').first().click();
  const item = page.getByTestId('notification-item').filter({ hasText: /推送给了您|You are offered/ });
  await item.waitFor();
  await page.getByTestId('offer-accept').first().click();

  await page.waitForURL(`**/cases/${caseId}`);
  await page.getByTestId('case-status').getByText(/审核中|In review/).waitFor();
  // On the case: the expert may give it back.
  await page.getByTestId('give-back').waitFor();
  expect((await suite.team.lead.http.get(`/api/v1/cases/${caseId}`)).body).toMatchObject({ status: 'in_review', assignees: [expert.id] });
});

test('an on-call expert is given an emergency live and acknowledges its page from the notification', async () => {
  const expert = await createExpert(suite.app.baseUrl, suite.team.lead, { region: '440105', onCall: true });
  const page = await newPageAs(expert);
  await page.getByTestId('queue-list').waitFor();

  const caseId: string = (await suite.team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '440105', emergency: true }))).body.caseId;
  await page.getByTestId('notification-count').waitFor();
  await page.getByTestId('notifications').getByRole('button').first().click();
  await page.getByTestId('notification-item').filter({ hasText: /分配给了您|assigned you/ }).waitFor();
  await page.getByText(/请在 .* 前确认|acknowledge by/).waitFor();
  await page.getByTestId('page-acknowledge').click();

  await page.waitForURL(`**/cases/${caseId}`);
  expect(await EscalationStepModel.findOne({ caseId, kind: 'unacknowledged' }).lean()).toMatchObject({ state: 'skipped', outcome: 'acknowledged' });
  expect((await suite.team.lead.http.get(`/api/v1/cases/${caseId}`)).body).toMatchObject({ status: 'in_review', assignees: [expert.id] });
});
