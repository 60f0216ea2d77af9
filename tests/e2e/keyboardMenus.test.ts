import type { Page } from 'playwright-core';
import { buildClaimReport } from '../../fixtures/factories';
import { blockingViolations } from '../support/axe';
import { browserSuite } from '../support/browser';
import { eventually } from '../support/sockets';
import { teamSuite } from '../support/workbench';

const suite = teamSuite();
const browser = browserSuite(() => suite.app.baseUrl);
const BELL = '[data-testid="notifications"] > button';

/** Presses Tab until the element matching `selector` has the focus, as a keyboard user gets there. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

// React commits what a key press changed right after the event: the checks wait for it.

async function focusReaches(page: Page, what: { text: string } | { selector: string }): Promise<void> {
  const onIt = () =>
    page.evaluate((wanted) => {
      const active = document.activeElement;
      if (!active) return false;
      return 'text' in wanted ? (active.textContent ?? '').includes(wanted.text) : active.matches(wanted.selector);
    }, what);
  await eventually(onIt, `the focus on ${JSON.stringify(what)}`, 2000);
}

/** The option the comment box points at with aria-activedescendant becomes `name`. */
async function highlightReaches(page: Page, name: string | undefined): Promise<void> {
  const highlighted = () =>
    page.evaluate(() => {
      const id = document.querySelector('[data-testid="comment-input"]')?.getAttribute('aria-activedescendant');
      const option = id ? document.getElementById(id) : null;
      return option?.getAttribute('aria-selected') === 'true' ? option.textContent : null;
    });
  await eventually(async () => (await highlighted()) === name, `the suggestion ${name} highlighted`, 2000);
}

test('the notifications menu opens, moves, follows and closes by keyboard alone', async () => {
  const { platform, reviewer, lead } = suite.team;
  const caseIds: string[] = [];
  for (const question of ['First question', 'Second question']) {
    const caseId: string = (await platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId;
    expect((await lead.http.post(`/api/v1/cases/${caseId}/comments`, { body: question, mentions: [reviewer.id] })).status).toBe(201);
    caseIds.push(caseId);
  }
  const page = await browser.openCaseAs(reviewer, caseIds[0]!);
  await page.locator(`${BELL}[aria-label*="2"]`).waitFor();
  await tabTo(page, BELL);

  // Enter opens the menu on its first item, the newest: the mention of the second question.
  await page.keyboard.press('Enter');
  await page.getByRole('menu').waitFor();
  expect(await page.getByRole('menuitem').count()).toBe(2);
  await focusReaches(page, { text: 'Second question' });
  await page.keyboard.press('ArrowDown');
  await focusReaches(page, { text: 'First question' });
  await page.keyboard.press('ArrowDown');
  await focusReaches(page, { text: 'Second question' });
  await page.keyboard.press('ArrowUp');
  await focusReaches(page, { text: 'First question' });
  expect(await blockingViolations(page)).toEqual([]);

  await page.keyboard.press('Escape');
  await page.getByRole('menu').waitFor({ state: 'detached' });
  await focusReaches(page, { selector: `${BELL}[aria-expanded="false"]` });

  // Space opens it too, ArrowUp on the button opens it on the last item, and Enter follows one.
  await page.keyboard.press(' ');
  await focusReaches(page, { text: 'Second question' });
  await page.keyboard.press('Escape');
  await focusReaches(page, { selector: BELL });
  await page.keyboard.press('ArrowUp');
  await focusReaches(page, { text: 'First question' });
  await page.keyboard.press('Home');
  await focusReaches(page, { text: 'Second question' });
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/cases/${caseIds[1]}`);
  await page.locator(`${BELL}[aria-label*="1"]`).waitFor();
  expect(await page.getByRole('menu').count()).toBe(0);

  // Following the other one leaves nothing unread: the bell's name says so without a count.
  await tabTo(page, BELL);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await focusReaches(page, { text: 'First question' });
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/cases/${caseIds[0]}`);
  await page.getByTestId('notification-count').waitFor({ state: 'detached' });
  expect(await page.locator(BELL).getAttribute('aria-label')).not.toMatch(/\d/);
  await page.context().close();
});

test('the @-mention suggestions follow the arrows, Enter picks one and Escape closes them', async () => {
  const { platform, reviewer } = suite.team;
  const caseId: string = (await platform.http.post('/api/v1/claims', buildClaimReport())).body.caseId;
  const page = await browser.openCaseAs(reviewer, caseId);
  const input = page.getByTestId('comment-input');
  await tabTo(page, '[data-testid="comment-input"]');

  // Every test user's name holds "user-", so each member of the team is suggested.
  await page.keyboard.type('Ask @user-');
  const options = page.getByTestId('mention-option');
  await options.nth(2).waitFor();
  const names = await options.allTextContents();
  expect(await input.getAttribute('aria-controls')).toBe(await page.getByRole('listbox').getAttribute('id'));
  await highlightReaches(page, names[0]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await highlightReaches(page, names[2]);
  await page.keyboard.press('ArrowUp');
  await highlightReaches(page, names[1]);
  expect(await blockingViolations(page)).toEqual([]);

  await page.keyboard.press('Escape');
  await page.getByTestId('mention-picker').waitFor({ state: 'detached' });
  expect(await input.getAttribute('aria-activedescendant')).toBeNull();
  expect(await input.inputValue()).toBe('Ask @user-');

  // Typing on opens the suggestions again; ArrowUp wraps round to the last, and Enter picks it.
  await page.keyboard.press('Backspace');
  await page.keyboard.type('-');
  await options.nth(2).waitFor();
  await highlightReaches(page, names[0]);
  await page.keyboard.press('ArrowUp');
  await highlightReaches(page, names[names.length - 1]);
  await page.keyboard.press('Enter');
  await eventually(async () => (await input.inputValue()) === `Ask @${names[names.length - 1]} `, 'the last suggestion inserted', 2000);
  expect(await page.getByTestId('mention-picker').count()).toBe(0);
  await focusReaches(page, { selector: '[data-testid="comment-input"]' });
  await page.context().close();
});
