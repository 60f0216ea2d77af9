import type { CaseDetail } from '@refute/shared';
import { buildClaimReport } from '../../fixtures/factories';
import { browserSuite } from '../support/browser';
import { eventually } from '../support/sockets';
import { startTestApp, type TestApp } from '../support/testApp';
import { createTeam, type Team } from '../support/workbench';

let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ hotspots: { tickMs: 500, lagMs: 0 } });
  team = await createTeam(app.baseUrl);
});
afterAll(() => app.close());
const { openCaseAs } = browserSuite(() => app.baseUrl);

test('a lead sees a burst flagged live in the queue and confirms the proposed lane on the case page', async () => {
  const text = `${buildClaimReport().text} 喝醋能软化血管`;
  const first = await team.platform.http.post('/api/v1/claims', buildClaimReport({ text }));
  const caseId = first.body.caseId as string;

  const page = await openCaseAs(team.lead, caseId);
  await page.goto(`${app.baseUrl}/queue`);
  const row = page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`);
  await row.waitFor();
  expect(await row.getByTestId('hotspot-flag').count()).toBe(0);

  for (let n = 0; n < 11; n += 1) await team.platform.http.post('/api/v1/claims', buildClaimReport({ text }));
  // Live: the row gains its flag without a reload.
  await row.getByTestId('hotspot-flag').waitFor({ timeout: 15_000 });

  await row.click();
  const banner = page.getByTestId('hotspot-banner');
  await banner.waitFor();
  const proposed = (await page.request.get(`${app.baseUrl}/api/v1/cases/${caseId}`).then((response) => response.json() as Promise<CaseDetail>)).hotspot!.proposedLane!;
  await page.getByTestId('hotspot-confirm-lane').click();
  await page.getByTestId('notice').waitFor();
  await eventually(async () => (await page.getByTestId('hotspot-confirm-lane').count()) === 0, 'the proposal is gone once confirmed', 10_000);
  const after = (await team.lead.http.get<CaseDetail>(`/api/v1/cases/${caseId}`)).body;
  expect(after).toMatchObject({ lane: proposed, laneSetByLead: true });
});
