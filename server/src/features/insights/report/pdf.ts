/**
 * HTML to PDF with headless Chromium (playwright-core): it needs no display, shapes and breaks
 * Chinese text with the system's CJK fonts, and prints the report page exactly as a browser
 * prints it, so the page and the PDF are one layout. One browser is shared and closed after a
 * minute unused; pages are printed one at a time, each in a context of its own with scripts
 * off and no network (the page is self-contained).
 */
import fs from 'node:fs';
import type * as Playwright from 'playwright-core';
import { AppError } from '../../../http/errors';
import { loadAtFirstUse } from '../../../loadAtFirstUse';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
const IDLE_MS = 60_000;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

let shared: { path: string; browser: Promise<Playwright.Browser> } | undefined;
let idleTimer: NodeJS.Timeout | undefined;
/** Prints run one after another: each is about a second of CPU. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * playwright-core on the first print, not at start: it is a large bundle (most of a second to
 * load) that a process printing no report never needs.
 */
function chromium(): typeof Playwright.chromium {
  return loadAtFirstUse<typeof Playwright>('playwright-core').chromium;
}

function browserAt(path: string): Promise<Playwright.Browser> {
  if (shared?.path !== path) {
    const browser = chromium().launch({ executablePath: path, args: ARGS });
    const entry = { path, browser };
    shared = entry;
    browser.then(
      (launched) => launched.on('disconnected', () => shared === entry && (shared = undefined)),
      () => shared === entry && (shared = undefined),
    );
  }
  return shared.browser;
}

/** Closes the shared browser (after a minute unused, and when the app stops). */
export async function closePdfBrowser(): Promise<void> {
  clearTimeout(idleTimer);
  const closing = shared;
  shared = undefined;
  await closing?.browser.then((browser) => browser.close()).catch(() => undefined);
}

async function print(html: string, chromiumPath: string): Promise<Buffer> {
  clearTimeout(idleTimer);
  const browser = await browserAt(chromiumPath);
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await context.close();
    idleTimer = setTimeout(() => void closePdfBrowser(), IDLE_MS);
    idleTimer.unref();
  }
}

export function printPdf(html: string, chromiumPath: string): Promise<Buffer> {
  if (!fs.existsSync(chromiumPath)) {
    return Promise.reject(new AppError(503, 'pdf_unavailable', 'PDF printing needs Chromium on the server (REFUTE_CHROMIUM)'));
  }
  const printed = queue.then(() => print(html, chromiumPath));
  queue = printed.catch(() => undefined);
  return printed;
}
