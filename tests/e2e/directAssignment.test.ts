import { createUser } from '../../fixtures/factories';
import { AuditEventModel } from '../../server/src/features/audit/model';
import { browserSuite } from '../support/browser';
import { buildExpertProfile } from '../support/experts';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const { newSignedInPage } = browserSuite(() => suite.app.baseUrl);

test('an expert opts in to direct assignment from their own page, and out again', async () => {
  const expert = await createUser({ roles: ['reviewer'] });
  expect((await suite.team.lead.http.put(`/api/v1/experts/${expert.id}`, buildExpertProfile({ region: '330102' }))).status).toBe(200);
  const page = await newSignedInPage(expert);
  await page.goto(`${suite.app.baseUrl}/settings/availability`);
  const toggle = page.getByTestId('direct-assignment-toggle');
  await toggle.waitFor();
  expect(await toggle.isChecked()).toBe(false);

  await toggle.check();
  await page.getByTestId('direct-assignment').getByRole('status').waitFor();
  const stored = async () => (await suite.team.lead.http.get(`/api/v1/experts/${expert.id}`)).body.expert.directAssignment as boolean;
  expect(await stored()).toBe(true);
  await toggle.uncheck();
  await page.getByTestId('direct-assignment').getByRole('status').getByText(/先推送|offered to you first/).waitFor();
  expect(await toggle.isChecked()).toBe(false);
  expect(await stored()).toBe(false);
  expect(await AuditEventModel.countDocuments({ subjectId: expert.id, action: 'expert.direct_assignment_changed' })).toBe(2);
});
