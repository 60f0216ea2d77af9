/**
 * The public pages in Chromium on a 390 px phone: axe finds no serious or critical violation in
 * either text size, large type is one tap and stays on, nothing scrolls sideways, the print
 * layout drops the controls, and only the embed card shows inside another site's frame.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { blockingViolations } from '../support/axe';
import { launchChromium } from '../support/browser';
import { correctCase, publishCase, report } from '../support/webhooks';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
let browser: Browser;
let slugs: { first: string; corrected: string };

const CLAIM = '每天喝一杯淡盐水可以彻底治好高血压，医生都不会告诉你这个秘方';

beforeAll(async () => {
  browser = await launchChromium();
  const { caseId } = await report(suite.team.platform, { text: CLAIM, language: 'zh' });
  const first = await publishCase(suite.team, caseId);
  const corrected = await correctCase(suite.team, caseId);
  const slugOf = async (id: string) => (await suite.team.lead.http.get(`/api/v1/publications/${id}`)).body.slug as string;
  slugs = { first: await slugOf(first.id), corrected: await slugOf(corrected.id) };
});
afterAll(() => browser?.close());

async function phone(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  return context.newPage();
}

const publicPages = () => [
  `/r/${slugs.corrected}`,
  `/r/${slugs.first}?lang=en`,
  `/search?q=${encodeURIComponent(CLAIM)}`,
  '/search?sort=reported',
  `/embed/${slugs.corrected}`,
];

async function widthOf(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth);
}

describe.each(['standard', 'large'] as const)('in %s type', (mode) => {
  test('every public page fits 390 px and axe finds no serious or critical violation', async () => {
    const page = await phone();
    if (mode === 'large') {
      // One tap on the switch, on any page, and the choice is remembered.
      await page.goto(`${suite.app.baseUrl}/r/${slugs.corrected}`);
      await page.locator('a.switch').click();
      await page.waitForURL(`**/r/${slugs.corrected}`);
      expect(await page.evaluate(() => document.documentElement.className)).toBe('large');
    }
    for (const path of publicPages()) {
      const response = await page.goto(`${suite.app.baseUrl}${path}`);
      expect(response?.status()).toBe(200);
      const large = await page.evaluate(() => document.documentElement.classList.contains('large'));
      expect(large).toBe(mode === 'large');
      const width = await widthOf(page);
      expect({ path, width, fits: width <= 390 }).toEqual({ path, width, fits: true });
      if (mode === 'large') {
        const sizes = await page.evaluate(() => Array.from(document.querySelectorAll('main p, main li')).map((element) => parseFloat(getComputedStyle(element).fontSize)));
        expect(Math.min(...sizes.filter((size) => size > 0))).toBeGreaterThanOrEqual(20);
      }
      expect({ path, violations: await blockingViolations(page) }).toEqual({ path, violations: [] });
    }
    if (mode === 'large') {
      await page.goto(`${suite.app.baseUrl}/search`);
      await page.locator('a.switch').click();
      await page.waitForLoadState();
      expect(await page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(false);
    }
    await page.context().close();
  });
});

test('the page prints without its controls, and still fits', async () => {
  const page = await phone();
  await page.goto(`${suite.app.baseUrl}/r/${slugs.corrected}`);
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('header.site nav').isVisible()).toBe(false);
  expect(await page.locator('#embed-code').isVisible()).toBe(false);
  expect(await page.locator('.summary').isVisible()).toBe(true);
  expect(await page.locator('.badge').evaluate((badge) => getComputedStyle(badge).color)).toBe('rgb(0, 0, 0)');
  expect(await widthOf(page)).toBeLessThanOrEqual(390);
  await page.context().close();
});

test('another site can frame the embed card, and not the page', async () => {
  // Another origin on this machine: a page served by interception would count as a public
  // address, which Chromium keeps from framing a local one at all.
  const article = `<!doctype html><title>An article</title><script>window.loaded = 0</script>
<iframe title="card" onload="window.loaded++" src="${suite.app.baseUrl}/embed/${slugs.corrected}"></iframe>
<iframe title="page" onload="window.loaded++" src="${suite.app.baseUrl}/r/${slugs.corrected}"></iframe>`;
  const mediaSite = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(article));
  await new Promise<void>((resolve) => mediaSite.listen(0, '127.0.0.1', resolve));
  const page = await phone();
  try {
    await page.goto(`http://localhost:${(mediaSite.address() as AddressInfo).port}/article`);
    await page.waitForFunction(() => (window as unknown as { loaded: number }).loaded === 2);
    const framed = await Promise.all(
      page.frames().filter((frame) => frame !== page.mainFrame()).map(async (frame) => ({ url: frame.url(), badges: await frame.locator('.badge').count().catch(() => 0) })),
    );
    expect(framed.filter((frame) => frame.badges > 0).map((frame) => frame.url)).toEqual([`${suite.app.baseUrl}/embed/${slugs.corrected}`]);
  } finally {
    await page.context().close();
    mediaSite.closeAllConnections();
    await new Promise((resolve) => mediaSite.close(resolve));
  }
});
