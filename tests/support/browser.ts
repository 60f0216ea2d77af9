import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { CreatedUser } from '../../fixtures/factories';
import { CLIENT_DIST_DIR } from '../../server/src/paths';
import { HttpClient } from './http';

export const CHROMIUM_PATH = process.env.REFUTE_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that would reach outside this machine. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run the tests with "npm test", which installs it`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * Waits until the sign-in has taken the page to its start page: a click on the navigation before
 * that can be overtaken by the redirect away from the login page.
 */
export async function landedAfterLogin(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname !== '/login');
}

/**
 * Gives a browser context `user`'s session, signed in over the API: for tests of what comes after
 * signing in (the login form has tests of its own), without a form login and its start page.
 */
export async function signedInOver(context: BrowserContext, baseUrl: string, user: CreatedUser): Promise<void> {
  const http = new HttpClient(baseUrl);
  await http.login(user.email, user.password);
  const [name, value] = http.cookieHeader!.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
}

/**
 * Chromium for a test file, launched before its tests and closed after them, and a way to open
 * a case page as a user in a browser context of their own (a separate person).
 */
export function browserSuite(baseUrl: () => string) {
  let browser: Browser;
  beforeAll(async () => {
    if (!fs.existsSync(`${CLIENT_DIST_DIR}/index.html`)) throw new Error('The web client is not built: run "npm test"');
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  async function newPageAs(user: CreatedUser): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl()}/login`);
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await landedAfterLogin(page);
    return page;
  }

  async function newSignedInPage(user: CreatedUser): Promise<Page> {
    const context = await browser.newContext();
    await signedInOver(context, baseUrl(), user);
    return context.newPage();
  }

  return {
    /** A browser context of its own: a separate person. */
    newContext: () => browser.newContext(),
    /** A page in a context of its own with `user` logged in through the login form; the caller waits for where they land. */
    newPageAs,
    /** A blank page in a context of its own holding `user`'s session, signed in over the API (signedInOver). */
    newSignedInPage,
    /** A case page open as `user` in a context of their own, signed in over the API (signedInOver), once `readySelector` shows. */
    async openCaseAs(user: CreatedUser, caseId: string, readySelector = '[data-testid="case-status"]'): Promise<Page> {
      const page = await newSignedInPage(user);
      await page.goto(`${baseUrl()}/cases/${caseId}`);
      await page.locator(readySelector).waitFor();
      return page;
    },
  };
}
