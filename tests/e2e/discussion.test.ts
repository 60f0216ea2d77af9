import { buildClaimReport, createUser } from '../../fixtures/factories';
import { browserSuite } from '../support/browser';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const { openCaseAs } = browserSuite(() => suite.app.baseUrl);

test('a comment with an @mention picked from the list appears live and rings the mentioned expert', async () => {
  const [doctor, toxicologist] = await Promise.all([createUser({ roles: ['reviewer'] }), createUser({ roles: ['reviewer'] })]);
  const report = await suite.team.platform.http.post('/api/v1/claims', buildClaimReport());
  const caseId: string = report.body.caseId;
  const writer = await openCaseAs(doctor, caseId);
  const reader = await openCaseAs(toxicologist, caseId);
  await reader.locator(`[data-testid="presence"] [data-user-id="${doctor.id}"]`).waitFor();
  expect(await reader.getByTestId('notifications').getByTestId('notification-count').count()).toBe(0);

  const input = writer.getByTestId('comment-input');
  await input.pressSequentially(`Toxicity data? @${toxicologist.email.slice(0, 12)}`);
  await writer.getByTestId('mention-option').first().waitFor();
  expect(await writer.getByTestId('mention-option').allTextContents()).toEqual([`Test ${toxicologist.email}`]);
  await input.press('Enter');
  expect(await input.inputValue()).toBe(`Toxicity data? @Test ${toxicologist.email} `);
  await writer.getByTestId('comment-submit').click();

  await reader.getByTestId('comments').getByText('Toxicity data?').waitFor({ timeout: 5_000 });
  const count = reader.getByTestId('notification-count');
  await count.waitFor({ timeout: 5_000 });
  expect(await count.textContent()).toBe('1');

  await reader.getByTestId('notifications').getByRole('button').click();
  await reader.getByTestId('notification-item').click();
  await count.waitFor({ state: 'detached' });
  expect((await suite.team.lead.http.get(`/api/v1/cases/${caseId}/comments`)).body.items[0].mentions).toEqual([
    { id: toxicologist.id, name: `Test ${toxicologist.email}` },
  ]);
});
