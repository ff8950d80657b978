import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser tests leave their screenshots for review (git-ignored). */
export const SCREENSHOTS = 'test-results/console';

/**
 * Debian's chromium (`apt-get install -y chromium`; .ci/run installs it when missing), driven by
 * playwright-core: Playwright's own browser download needs the internet. No sandbox (tests run as
 * root in CI containers); no background traffic, which a verification centre's network would refuse.
 */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-gpu'] });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is (WCAG 2 A and AA rules). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol: an injected <script> would be refused by the console's CSP, rightly.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // Runs in the page: its globals typed here, as the project's type check has no DOM library.
    const win = globalThis as unknown as { document: unknown; axe: { run(ctx: unknown, opts: object): Promise<{ violations: AxeViolation[] }> } };
    return (await win.axe.run(win.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
