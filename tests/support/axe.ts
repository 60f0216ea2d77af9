import fs from 'node:fs';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';

// axe-core's own bundle, evaluated in the page: an evaluation is not subject to the app's CSP,
// so the server's security headers stay as they are in production.
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

export interface Violation {
  rule: string;
  impact: ImpactValue | undefined;
  help: string;
  /** CSS selectors of the offending elements, with axe's summary of what is wrong. */
  nodes: string[];
}

/** Runs every axe rule on the page as it is now and returns the serious and critical violations. */
export async function blockingViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } };
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? undefined,
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }));
  });
  return violations.filter((violation) => violation.impact !== undefined && BLOCKING.includes(violation.impact));
}
