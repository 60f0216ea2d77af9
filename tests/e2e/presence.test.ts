import { buildClaimReport, createUser } from '../../fixtures/factories';
import { browserSuite } from '../support/browser';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const { openCaseAs } = browserSuite(() => suite.app.baseUrl);

test('two experts on one case see each other, and the queue updates live', async () => {
  const [doctor, toxicologist] = await Promise.all([createUser({ roles: ['reviewer'] }), createUser({ roles: ['reviewer'] })]);
  const report = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  const caseId: string = report.body.caseId;

  const first = await openCaseAs(doctor, caseId);
  const second = await openCaseAs(toxicologist, caseId);
  await first.locator(`[data-testid="presence"] [data-user-id="${toxicologist.id}"]`).waitFor();
  await second.locator(`[data-testid="presence"] [data-user-id="${doctor.id}"]`).waitFor();

  await second.close();
  await first.locator(`[data-testid="presence"] [data-user-id="${toxicologist.id}"]`).waitFor({ state: 'detached', timeout: 10_000 });

  await first.goto(`${suite.app.baseUrl}/queue`);
  await first.getByTestId('queue-list').waitFor();
  const fresh = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  await first.locator(`[data-testid="case-row"][data-case-id="${fresh.body.caseId}"]`).waitFor({ timeout: 5_000 });
});
