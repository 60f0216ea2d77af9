import type { Page } from 'playwright-core';
import { buildClaimReport } from '../../fixtures/factories';
import { blockingViolations } from '../support/axe';
import { browserSuite } from '../support/browser';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const browser = browserSuite(() => suite.app.baseUrl);

/** Presses Tab until the element matching `selector` has the focus, as a keyboard user gets there. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focused = (page: Page) =>
  page.evaluate(() => ({
    testId: document.activeElement?.getAttribute('data-testid') ?? null,
    text: document.activeElement?.textContent ?? '',
    ariaExpanded: document.activeElement?.getAttribute('aria-expanded') ?? null,
  }));

test('the notifications menu opens, moves, follows and closes by keyboard alone', async () => {
  const { platform, reviewer, lead } = suite.team;
  const caseIds: string[] = [];
  for (const question of ['First question', 'Second question']) {
    const caseId: string = (await platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId;
    expect((await lead.http.post(`/api/v1/cases/${caseId}/comments`, { body: question, mentions: [reviewer.id] })).status).toBe(201);
    caseIds.push(caseId);
  }
  const page = await browser.openCaseAs(reviewer, caseIds[0]!);
  const bell = '[data-testid="notifications"] > button';
  await page.locator(`${bell}[aria-label*="2"]`).waitFor();
  await tabTo(page, bell);

  await page.keyboard.press('Enter');
  // Newest first: the focus lands on the mention of the second question.
  await page.locator('[role="menu"]').waitFor();
  const items = page.getByTestId('notification-item');
  expect(await items.count()).toBe(2);
  expect((await focused(page)).text).toContain('Second question');
  await page.keyboard.press('ArrowDown');
  expect((await focused(page)).text).toContain('First question');
  await page.keyboard.press('ArrowDown');
  expect((await focused(page)).text).toContain('Second question');
  await page.keyboard.press('ArrowUp');
  expect((await focused(page)).text).toContain('First question');
  expect(await blockingViolations(page)).toEqual([]);

  await page.keyboard.press('Escape');
  expect(await page.locator('[role="menu"]').count()).toBe(0);
  expect(await focused(page)).toMatchObject({ ariaExpanded: 'false' });
  expect(await page.evaluate((selector) => document.activeElement === document.querySelector(selector), bell)).toBe(true);

  // Space opens it too, ArrowUp on the button opens it at the last item, and Enter follows one.
  await page.keyboard.press(' ');
  expect((await focused(page)).text).toContain('Second question');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowUp');
  expect((await focused(page)).text).toContain('First question');
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/cases/${caseIds[1]}`);
  await page.locator(`${bell}[aria-label*="1"]`).waitFor();
  expect(await page.locator('[role="menu"]').count()).toBe(0);
  await page.context().close();
});

test('the @-mention suggestions follow the arrows, Enter picks one and Escape closes them', async () => {
  const { platform, reviewer } = suite.team;
  const caseId: string = (await platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId;
  const page = await browser.openCaseAs(reviewer, caseId);
  const input = page.getByTestId('comment-input');
  await tabTo(page, '[data-testid="comment-input"]');

  // Every test user's name starts with "Test user-", so all of them are suggested.
  await page.keyboard.type('Ask @user-');
  const options = page.getByTestId('mention-option');
  await options.nth(2).waitFor();
  const names = await options.allTextContents();
  const highlighted = async () => {
    const id = await input.getAttribute('aria-activedescendant');
    return id ? page.locator(`[id="${id}"]`).textContent() : null;
  };
  expect(await input.getAttribute('aria-controls')).toBe(await page.getByRole('listbox').getAttribute('id'));
  expect(await highlighted()).toBe(names[0]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  expect(await highlighted()).toBe(names[2]);
  expect(await page.locator('[role="option"][aria-selected="true"]').textContent()).toBe(names[2]);
  await page.keyboard.press('ArrowUp');
  expect(await highlighted()).toBe(names[1]);
  expect(await blockingViolations(page)).toEqual([]);

  await page.keyboard.press('Escape');
  await page.getByTestId('mention-picker').waitFor({ state: 'detached' });
  expect(await input.getAttribute('aria-activedescendant')).toBeNull();
  expect(await input.inputValue()).toBe('Ask @user-');

  // Typing on opens the suggestions again; ArrowUp wraps to the last, and Enter picks it.
  await page.keyboard.press('Backspace');
  await page.keyboard.type('-');
  await options.nth(2).waitFor();
  await page.keyboard.press('ArrowUp');
  expect(await highlighted()).toBe(names[names.length - 1]);
  await page.keyboard.press('Enter');
  expect(await input.inputValue()).toBe(`Ask @${names[names.length - 1]} `);
  expect(await page.getByTestId('mention-picker').count()).toBe(0);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('comment-input');
  await page.context().close();
});
