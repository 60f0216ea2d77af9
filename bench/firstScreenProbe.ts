import type { Page } from 'playwright-core';

/**
 * A script for the page to run before its own: it notes when the first element matching
 * `selector` appears and when the last long task (over 50 ms, the browser's own measure) ends,
 * both in milliseconds from navigation start. Plain text, as it runs in the page, not here.
 */
export function firstScreenScript(selector: string): string {
  return `(() => {
    const probe = { renderedAt: null, lastLongTaskEnd: 0, longTasks: 0 };
    window.__firstScreen = probe;
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) {
        probe.longTasks += 1;
        probe.lastLongTaskEnd = Math.max(probe.lastLongTaskEnd, task.startTime + task.duration);
      }
    }).observe({ type: 'longtask', buffered: true });
    const check = () => {
      if (probe.renderedAt === null && document.querySelector(${JSON.stringify(selector)})) probe.renderedAt = performance.now();
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  })();`;
}

/**
 * What the probe saw, once the page is idle: when the rows were rendered, and when the page
 * became interactive (rendered, and no long task after that).
 */
export async function readFirstScreen(page: Page): Promise<{ rowsRenderedMs: number; interactiveMs: number; longTasks: number }> {
  const probe = await page.evaluate<{ renderedAt: number | null; lastLongTaskEnd: number; longTasks: number }>('window.__firstScreen');
  if (probe.renderedAt === null) throw new Error('the probe never saw the queue rows');
  return { rowsRenderedMs: probe.renderedAt, interactiveMs: Math.max(probe.renderedAt, probe.lastLongTaskEnd), longTasks: probe.longTasks };
}
