import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Locator } from 'playwright-core';
import { buildClaimReport, buildDraft, createUser } from '../../fixtures/factories';
import { ClaimModel } from '../../server/src/features/claims/model';
import { browserSuite } from '../support/browser';
import { HttpClient } from '../support/http';
import { teamSuite } from '../support/workbench';

// A platform moderator lands on their own console, sees known rumors answered while typing, and follows their reports.
const suite = teamSuite();
const browser = browserSuite(() => suite.app.baseUrl);

test('a moderator lands on the console, is answered while typing, reports, and sees the report with its verdict', async () => {
  const { platform, reviewer, lead } = suite.team;
  const rumor = 'Rinsing your nose with salt water every hour prevents all flu infections';
  const caseId: string = (await platform.http.post('/api/v1/claims', buildClaimReport({ text: rumor }))).body.caseId;
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/claim`)).status).toBe(200);
  expect((await reviewer.http.put(`/api/v1/cases/${caseId}/draft`, buildDraft({ verdict: 'misleading', headline: 'Salt water rinses do not prevent flu' }))).status).toBe(200);
  expect((await reviewer.http.post(`/api/v1/cases/${caseId}/submit`)).status).toBe(200);
  expect((await lead.http.post(`/api/v1/cases/${caseId}/approve`)).status).toBe(200);

  const moderator = await createUser({ roles: ['moderator'], orgId: platform.orgId });
  const page = await browser.newPageAs(moderator);
  await page.getByTestId('report-text').waitFor();
  expect(new URL(page.url()).pathname).toBe('/platform');
  expect(await page.getByTestId('error-banner').count()).toBe(0);
  // The queue is not theirs: asking for it brings them back to their console.
  await page.goto(`${suite.app.baseUrl}/queue`);
  await page.getByTestId('report-text').waitFor();

  await page.getByTestId('report-text').fill(`${rumor}!!`);
  const answer = page.getByTestId('live-answer').first();
  await answer.waitFor();
  expect(await answer.textContent()).toContain('Salt water rinses do not prevent flu');

  await page.getByTestId('report-views').fill('12000');
  await page.getByTestId('report-media').fill('https://cdn.example.org/post/1.jpg\nhttps://cdn.example.org/post/clip.mp4');
  await page.getByTestId('report-emergency').check();
  await page.getByTestId('report-submit').click();
  await page.getByTestId('report-filed').waitFor();
  const mine = page.getByTestId('our-report').filter({ hasText: `${rumor}!!` });
  await mine.waitFor();
  expect(await mine.getAttribute('data-status')).toBe('published');
  const stored = await ClaimModel.findOne({ text: `${rumor}!!` }).lean();
  expect(stored).toMatchObject({ emergency: true, media: [{ url: 'https://cdn.example.org/post/1.jpg', kind: 'image' }, { url: 'https://cdn.example.org/post/clip.mp4', kind: 'video' }] });
  await page.context().close();
});

test("a platform's admin creates an API key shown once, sees it used, and revokes it after confirming", async () => {
  const { platform } = suite.team;
  const admin = await createUser({ roles: ['moderator', 'admin'], orgId: platform.orgId });
  const page = await browser.newSignedInPage(admin);
  await page.goto(`${suite.app.baseUrl}/platform`);

  await page.getByTestId('api-key-label').fill('Moderation bot');
  await page.getByTestId('api-key-scope-webhooks:manage').check();
  await page.getByTestId('api-key-create').click();
  const key = (await page.getByTestId('api-key-secret').textContent())!;
  expect(key).toMatch(/^rf_[A-Za-z0-9]{8}_/);
  const row = page.getByTestId('api-key-row').filter({ hasText: 'Moderation bot' });
  await row.waitFor();
  expect(await row.getAttribute('data-prefix')).toBe(key.split('_')[1]);
  expect(await row.getByTestId('api-key-last-used').getAttribute('data-used')).toBe('no');

  const byKey = new HttpClient(suite.app.baseUrl, { apiKey: key });
  expect((await byKey.get('/api/v1/webhooks')).status).toBe(200);
  // Shown once: after a reload the key itself is nowhere on the page, but its use is.
  await page.reload();
  await row.waitFor();
  expect(await page.content()).not.toContain(key);
  expect(await row.getByTestId('api-key-last-used').getAttribute('data-used')).toBe('yes');

  // Revoking asks first; declining keeps the key.
  page.once('dialog', (dialog) => void dialog.dismiss());
  await row.getByTestId('api-key-revoke').click();
  expect((await byKey.get('/api/v1/webhooks')).status).toBe(200);
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByTestId('api-key-revoke').click();
  await page.locator('[data-testid="api-key-row"][data-state="revoked"]').filter({ hasText: 'Moderation bot' }).waitFor();
  expect((await byKey.get('/api/v1/webhooks')).status).toBe(401);
  await page.context().close();
});

/**
 * A platform's export of `rows` reports in the order they came: the posts of the matching
 * fixtures (rumors, their rewordings, unrelated posts), each reposted a dozen times in a burst,
 * under ids and reach of their own; then one row without text.
 */
function exportOfReports(rows: number, tag: string): string {
  const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/matching/reports.json'), 'utf8')) as {
    groups: Array<{ reports: Array<{ text: string }> }>;
    unrelated: Array<{ text: string }>;
  };
  const posts = [...fixture.groups.flatMap((group) => group.reports), ...fixture.unrelated].map((post) => post.text);
  const records = [['externalId', 'text', 'views', 'shares']];
  for (let index = 1; index <= rows; index++) {
    records.push([`${tag}-${index}`, posts[Math.floor(((index - 1) * posts.length) / rows)]!, String((index * 37) % 90_000), String(index % 400)]);
  }
  records.push([`${tag}-bad`, '', '', '']);
  return stringify(records);
}

const processedOf = async (job: Locator) => Number(await job.getAttribute('data-processed'));

test('a moderator uploads 10,000 reports, follows the progress live to the end, and uploading the file again creates nothing', async () => {
  const { platform } = suite.team;
  const moderator = await createUser({ roles: ['moderator'], orgId: platform.orgId });
  const page = await browser.newSignedInPage(moderator);
  await page.goto(`${suite.app.baseUrl}/platform`);
  await page.getByTestId('import-file').waitFor();

  const rows = 10_000;
  const tag = `e2e${Date.now()}`;
  const file = { name: 'week.csv', mimeType: 'text/csv', buffer: Buffer.from(exportOfReports(rows, tag)) };
  const reportsOfFile = () => ClaimModel.countDocuments({ orgId: platform.orgId, externalId: { $regex: new RegExp(`^${tag}-\\d+$`) } });
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-upload').click();
  const job = page.getByTestId('import-job').first();
  await job.waitFor();

  // The page follows the job by itself, without a reload: rows done only grow, with the rate and the time left shown meanwhile.
  const seen: number[] = [];
  let progressShown = '';
  while ((await job.getAttribute('data-status')) !== 'done') {
    const processed = await processedOf(job);
    if (processed > 0 && processed < rows && progressShown === '') progressShown = (await job.getByTestId('import-progress').textContent()) ?? '';
    if (seen.at(-1) !== processed) seen.push(processed);
    await page.waitForTimeout(1_000);
  }
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  expect(seen.filter((processed) => processed > 0 && processed < rows).length).toBeGreaterThanOrEqual(5);
  expect(progressShown).toMatch(/(\d+ of 10001 rows|已处理 \d+ \/ 10001 行)/);
  expect(progressShown).toMatch(/([\d.]+ rows\/s|每秒 [\d.]+ 行)/);
  expect(progressShown).toMatch(/(about \d+ min left|约剩 \d+ 分钟)/);
  expect(await processedOf(job)).toBe(rows + 1);
  expect(await job.getAttribute('data-created')).toBe(String(rows));
  expect(await job.getAttribute('data-failed')).toBe('1');
  expect(await job.locator('progress').getAttribute('value')).toBe(String(rows + 1));
  expect(await job.getByTestId('import-errors').getAttribute('href')).toMatch(/\/api\/v1\/platform\/imports\/[0-9a-f]{24}\/errors$/);
  expect(await reportsOfFile()).toBe(rows);

  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-upload').click();
  await page.getByTestId('import-job').nth(1).waitFor();
  await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="import-job"]')).every((row) => row.getAttribute('data-status') === 'done'), undefined, {
    timeout: 300_000,
    polling: 1_000,
  });
  const again = page.getByTestId('import-job').first();
  expect(await again.getAttribute('data-created')).toBe('0');
  expect(await again.getAttribute('data-repeated')).toBe(String(rows));
  expect(await reportsOfFile()).toBe(rows);
  await page.context().close();
}, 900_000);

test("a platform's admin adds a webhook endpoint (secret shown once), disables and enables it, and gives it a new secret", async () => {
  const { platform } = suite.team;
  const admin = await createUser({ roles: ['moderator', 'admin'], orgId: platform.orgId });
  const page = await browser.newSignedInPage(admin);
  await page.goto(`${suite.app.baseUrl}/platform`);

  const url = `https://hooks.example.org/${Date.now()}`;
  await page.getByTestId('webhook-url').fill(url);
  await page.getByTestId('webhook-event-claim.resolved').check();
  await page.getByTestId('webhook-create').click();
  const first = (await page.getByTestId('webhook-secret').textContent())!;
  expect(first).toMatch(/^whsec_/);
  const row = page.getByTestId('webhook-row').filter({ hasText: url });
  await row.waitFor();
  expect(await row.getAttribute('data-enabled')).toBe('yes');

  await row.getByTestId('webhook-toggle').click();
  await page.locator('[data-testid="webhook-row"][data-enabled="no"]').filter({ hasText: url }).waitFor();
  await row.getByTestId('webhook-toggle').click();
  await page.locator('[data-testid="webhook-row"][data-enabled="yes"]').filter({ hasText: url }).waitFor();

  await row.getByTestId('webhook-rotate').click();
  await page.waitForFunction((old) => document.querySelector('[data-testid="webhook-secret"]')?.textContent !== old, first);
  expect(await page.getByTestId('webhook-secret').textContent()).toMatch(/^whsec_/);
  const listed = await new HttpClient(suite.app.baseUrl, { apiKey: platform.apiKey }).get('/api/v1/webhooks');
  expect(listed.body.items).toContainEqual(expect.objectContaining({ url, enabled: true, events: ['claim.resolved'] }));

  await row.getByTestId('webhook-deliveries').click();
  await row.getByText(/Nothing delivered yet|尚无投递/).waitFor();
  await page.context().close();
});
