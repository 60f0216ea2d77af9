/**
 * npm run bench:client [-- --runs 7]
 *
 * The web client's budget, measured in Chromium against a locally started server (the real
 * server process on the local engine, with the demo data):
 *
 * - JavaScript shipped for the first screen, in bytes gzip: every .js response the page loads
 *   until it is idle, for the login page (signed out) and for the queue (signed in, cold cache).
 *   Fails when either is over the budget.
 * - Time to interactive of the queue: from navigation start to the queue's rows rendered and the
 *   main thread free of long tasks (the end of the last task over 50 ms, if later), the median of
 *   several cold loads.
 *
 * Builds the client only when client/dist holds no build.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CLIENT_DIST_DIR, REPO_ROOT } from '../server/src/paths';
import { startBenchServer } from './benchServer';
import { firstScreenScript, readFirstScreen } from './firstScreenProbe';
import { javascriptOf, type ShippedScripts } from './shippedScripts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const RUNS = Number(args.get('runs') ?? 7);
const BUDGET_GZIP_BYTES = 250 * 1024;
const CHROMIUM_PATH = process.env.REFUTE_CHROMIUM ?? '/usr/bin/chromium';
const QUEUE_ROW = '[data-testid="queue-list"] [data-case-id]';

function ensureClientBuilt(): void {
  if (fs.existsSync(path.join(CLIENT_DIST_DIR, 'index.html'))) return;
  console.error('client/dist holds no build: building the client');
  execFileSync('npm', ['run', 'build', '-w', 'client'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** Debian's Chromium, headless, reaching nothing outside this machine. */
function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (set REFUTE_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** Loads `url` in a fresh context (empty cache) and waits until the page is idle. */
async function coldLoad(browser: Browser, url: string, ready: string, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) {
  const context = await browser.newContext(storageState ? { storageState } : {});
  const page = await context.newPage();
  await page.addInitScript(firstScreenScript(QUEUE_ROW));
  const scripts = javascriptOf(page);
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  return { context, page, scripts };
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.locator(QUEUE_ROW).first().waitFor({ timeout: 30_000 });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function printScripts(title: string, shipped: ShippedScripts): boolean {
  const within = shipped.gzipBytes <= BUDGET_GZIP_BYTES;
  console.log(`${title}: ${kb(shipped.gzipBytes)} gzip (${kb(shipped.rawBytes)} raw) in ${shipped.files.length} files — ${within ? 'within' : 'OVER'} the ${kb(BUDGET_GZIP_BYTES)} budget`);
  for (const file of shipped.files) console.log(`  ${file.name.padEnd(40)} ${kb(file.gzipBytes).padStart(9)} gzip`);
  return within;
}

async function main(): Promise<void> {
  ensureClientBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'refute-clientbench-'));
  const server = await startBenchServer(dataDir);
  const browser = await launchChromium();
  let withinBudget = true;
  try {
    const login = await coldLoad(browser, `${server.baseUrl}/login`, '[data-testid="login-submit"]');
    withinBudget = printScripts('First screen, login page (signed out)', await login.scripts.settled()) && withinBudget;
    const reviewer = server.logins.get('reviewer');
    if (!reviewer) throw new Error('the server printed no demo reviewer login');
    await signIn(login.page, reviewer.email, reviewer.password);
    await login.page.waitForLoadState('networkidle');
    const signedIn = await login.context.storageState();
    printScripts('Login page, then the queue after signing in (all JavaScript so far)', await login.scripts.settled());
    await login.context.close();

    const rendered: number[] = [];
    const interactive: number[] = [];
    const longTasks: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const queue = await coldLoad(browser, `${server.baseUrl}/queue`, QUEUE_ROW, signedIn);
      if (run === 0) withinBudget = printScripts('First screen, queue (signed in, cold cache)', await queue.scripts.settled()) && withinBudget;
      const times = await readFirstScreen(queue.page);
      rendered.push(times.rowsRenderedMs);
      interactive.push(times.interactiveMs);
      longTasks.push(times.longTasks);
      await queue.context.close();
    }
    const spread = (values: number[]) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
    console.log(`Queue, cold load signed in, ${RUNS} runs:`);
    console.log(`  rows rendered:       ${spread(rendered)}`);
    console.log(`  time to interactive: ${spread(interactive)}`);
    console.log(`  long tasks (over 50 ms) during the load: median ${median(longTasks)}`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (!withinBudget) process.exitCode = 1;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
