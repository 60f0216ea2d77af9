import { createUser } from '../../fixtures/factories';
import { blockingViolations } from '../support/axe';
import { browserSuite, landedAfterLogin } from '../support/browser';
import { HttpClient } from '../support/http';
import { startTestApp, type TestApp } from '../support/testApp';
import { loggedIn } from '../support/workbench';

// An admin builds the hierarchy from the admin screens: an organisation under a parent, a user in it.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());
const browser = browserSuite(() => app.baseUrl);

test('an admin creates a municipal organisation under a provincial one and invites a user into it', async () => {
  const adminUser = await createUser({ roles: ['admin'] });
  const admin = await loggedIn(app.baseUrl, adminUser);
  const national = (await admin.http.post('/api/v1/admin/organisations', { kind: 'review', level: 'national', region: 'CN', name: { zh: '国家中心', en: 'National Centre' } })).body.organisation;
  const zhejiang = (
    await admin.http.post('/api/v1/admin/organisations', { kind: 'review', level: 'provincial', region: '330000', parentId: national.id, name: { zh: '浙江省科协', en: 'Zhejiang Association' } })
  ).body.organisation;

  const english = async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => localStorage.setItem('refute.lang', 'en'));
    return context.newPage();
  };
  const page = await english();
  await page.goto(`${app.baseUrl}/login`);
  await page.getByTestId('login-email').fill(adminUser.email);
  await page.getByTestId('login-password').fill(adminUser.password);
  await page.getByTestId('login-submit').click();
  await landedAfterLogin(page);
  await page.getByTestId('nav-admin').click();
  await page.getByTestId('user-table').waitFor();
  await page.goto(`${app.baseUrl}/admin/organisations`);

  // "Add below" on the provincial organisation: the form starts at the next level, under it.
  await page.locator(`[data-org-id="${zhejiang.id}"]`).getByTestId('org-add-below').click();
  expect(await page.getByTestId('org-level').inputValue()).toBe('municipal');
  expect(await page.getByTestId('org-parent').inputValue()).toBe(zhejiang.id);
  await page.getByTestId('org-name-zh').fill('湖州市科协');
  await page.getByTestId('org-name-en').fill('Huzhou Association');
  expect(await page.getByTestId('org-region-province').inputValue()).toBe('330000');
  await page.getByTestId('org-region-prefecture').selectOption('330500');
  await page.getByTestId('org-submit').click();
  await page.getByTestId('org-saved').waitFor();
  const node = page.getByTestId('org-node').filter({ hasText: 'Huzhou Association' });
  await node.waitFor();
  expect(await node.textContent()).toContain('Huzhou, Zhejiang');
  // The new organisation sits in the tree below the provincial one.
  expect(await page.locator('li', { has: page.locator(`[data-org-id="${zhejiang.id}"]`) }).getByTestId('org-node').filter({ hasText: 'Huzhou Association' }).count()).toBe(1);
  const huzhouId = await node.getAttribute('data-org-id');
  expect(await blockingViolations(page)).toEqual([]);

  await page.locator('.admin-tabs a[href="/admin/users"]').click();
  await page.getByTestId('user-name').fill('Wu Lei');
  await page.getByTestId('user-email').fill('wu.lei@test.example');
  await page.getByTestId('user-role-lead').check();
  await page.getByTestId('user-org').selectOption(huzhouId);
  await page.getByTestId('user-submit').click();
  const link = (await page.getByTestId('invite-link').textContent())!;
  const row = page.getByTestId('user-row').filter({ hasText: 'wu.lei@test.example' });
  await row.waitFor();
  expect(await row.textContent()).toContain('Huzhou Association');
  expect(await blockingViolations(page)).toEqual([]);

  // The invited person sets a password through the link and signs in.
  const invited = await english();
  await invited.goto(link);
  await invited.locator('#new-password').fill('wu-lei-password');
  await invited.locator('form button[type="submit"]').click();
  await invited.getByTestId('password-set').waitFor();
  const wu = new HttpClient(app.baseUrl);
  await wu.login('wu.lei@test.example', 'wu-lei-password');
  expect((await wu.get('/api/v1/auth/me')).body.user).toMatchObject({ name: 'Wu Lei', roles: ['reviewer', 'lead'], orgId: huzhouId });

  // Disabling asks first; confirmed, the person is signed out.
  await row.getByTestId('disable-user').click();
  await row.getByTestId('confirm-disable').click();
  await row.getByText('Disabled').waitFor();
  expect((await wu.get('/api/v1/auth/me')).status).toBe(401);
  await page.context().close();
  await invited.context().close();
});
