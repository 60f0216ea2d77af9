/**
 * The queue shows each case's deadline state (at risk, escalated to which level) in Chinese and
 * English; the case page shows the lead unit and the escalation history; an expert ticks the
 * review checklist on the case page before submitting.
 */
import type { CaseDetail } from '@refute/shared';
import { buildClaimReport, createReviewHierarchy, createUser } from '../../fixtures/factories';
import { CaseModel } from '../../server/src/features/cases/model';
import { EscalationStepModel } from '../../server/src/features/escalation/model';
import { browserSuite } from '../support/browser';
import { eventually } from '../support/sockets';
import { startTestApp, type TestApp } from '../support/testApp';
import { createTeam, loggedIn, type Team } from '../support/workbench';

let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ checklists: 'default' });
  team = await createTeam(app.baseUrl);
});
afterAll(() => app.close());
const { openCaseAs } = browserSuite(() => app.baseUrl);

test('the queue shows at-risk and escalated cases, the case page its units and history, and the checklist is ticked before submitting', async () => {
  const orgs = await createReviewHierarchy();
  const [municipalLead, countyLead, countyExpert, admin] = await Promise.all([
    createUser({ roles: ['lead', 'reviewer'], orgId: String(orgs.municipal._id) }).then((user) => loggedIn(app.baseUrl, user)),
    createUser({ roles: ['lead', 'reviewer'], orgId: String(orgs.county._id) }).then((user) => loggedIn(app.baseUrl, user)),
    createUser({ roles: ['reviewer'], orgId: String(orgs.county._id) }),
    createUser({ roles: ['admin'] }).then((user) => loggedIn(app.baseUrl, user)),
  ]);
  // The first point comes seconds after a case opens, so a case is at risk while the test looks.
  expect((await admin.http.put('/api/v1/admin/settings', { atRisk: { unassignedShare: 0.00001, noDraftShare: 0.5 } })).status).toBe(200);

  const report = () => team.platform.http.post('/api/v1/claims', buildClaimReport({ region: '440106' })).then((response) => response.body.caseId as string);
  const escalatedId = await report();
  await eventually(async () => (await EscalationStepModel.countDocuments({ caseId: escalatedId })) === 3, 'the points planned');
  const { deadlineAt } = (await CaseModel.findById(escalatedId).lean())!;
  await app.escalations.runner.runDue(new Date(deadlineAt.getTime() + 1000));
  const atRiskId = await report();
  await eventually(async () => (await countyLead.http.get<CaseDetail>(`/api/v1/cases/${atRiskId}`)).body.escalation.atRisk === 'unassigned', 'the case at risk', 10_000);

  const page = await openCaseAs(municipalLead, escalatedId, '[data-testid="escalation-history"]');
  expect(await page.getByTestId('lead-unit').textContent()).toContain(orgs.municipal.name!.zh);
  expect(await page.locator('[data-testid="escalation-history"] li').count()).toBe(1);
  await page.goto(`${app.baseUrl}/queue`);
  const escalatedRow = page.locator(`[data-testid="case-row"][data-case-id="${escalatedId}"]`);
  const atRiskRow = page.locator(`[data-testid="case-row"][data-case-id="${atRiskId}"]`);
  await escalatedRow.getByTestId('escalated-badge').waitFor();
  const lang = await page.evaluate(() => document.documentElement.lang);
  const zh = lang !== 'en';
  expect(await escalatedRow.getByTestId('escalated-badge').textContent()).toContain(zh ? '已升级至市级' : 'Escalated to Municipal');
  expect(await atRiskRow.getByTestId('at-risk-badge').textContent()).toContain(zh ? '预警：尚无专家' : 'At risk: no expert');
  await page.getByTestId('lang-toggle').click();
  await eventually(async () => (await escalatedRow.getByTestId('escalated-badge').textContent())!.includes(zh ? 'Escalated to Municipal' : '已升级至市级'), 'the other language');
  expect(await atRiskRow.getByTestId('at-risk-badge').textContent()).toContain(zh ? 'At risk: no expert' : '预警：尚无专家');

  // The county expert, assigned, ticks the checklist on the case page and submits.
  expect((await countyLead.http.post(`/api/v1/cases/${atRiskId}/assign`, { userId: countyExpert.id })).status).toBe(200);
  const expert = await loggedIn(app.baseUrl, countyExpert);
  expect((await expert.http.put(`/api/v1/cases/${atRiskId}/draft`, { verdict: 'false', headline: 'No', summary: 'No evidence.', rebuttalHtml: '<p>No.</p>', evidence: [], version: 0 })).status).toBe(200);
  const expertPage = await openCaseAs(countyExpert, atRiskId, '[data-testid="checklist-panel"]');
  const boxes = expertPage.locator('[data-testid="checklist-panel"] input[type="checkbox"]');
  const count = await boxes.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let index = 0; index < count; index += 1) {
    // The box shows the stored tick: checked once the server answers.
    await boxes.nth(index).click();
    await expertPage.locator(`[data-testid="checklist-panel"] input[type="checkbox"]:checked`).nth(index).waitFor();
  }
  await expertPage.locator('[data-testid="checklist-panel"][data-complete="true"]').waitFor();
  await expertPage.getByTestId('submit-button').click();
  await expertPage.locator('[data-testid="case-status"][data-status="submitted"]').waitFor();
  await admin.http.put('/api/v1/admin/settings', { atRisk: { unassignedShare: 0.25, noDraftShare: 0.75 } });
});
