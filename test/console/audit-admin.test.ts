import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../src/console-build/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';

let t: TestHub;
let base: string;
let browser: Browser;

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestHub();
  base = new URL(t.url).origin;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const BROWSER_TEST_MS = 120_000;

/** A new browser context signed in as a demo user of the development identity provider. */
async function signedIn(login: string): Promise<{ page: Page; external: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) external.push(r.url());
  });
  await page.goto(`${base}/auth/sign-in?login_hint=${login}`);
  await page.locator(`button[name="login"][value="${login}"]`).click();
  await page.waitForURL(`${base}/console/`);
  await page.getByTestId('signed-in-as').waitFor();
  return { page, external, close: () => context.close() };
}

describe('the auditors page', () => {
  it('shows an auditor the chain status and the audit log, filtered by outcome and action, in Chinese and Beijing time', async () => {
    // A refusal inside 济南市 (a 历下区 verifier asking for the audit log): an event to filter for.
    const verifier = await t.token(['verifier'], '370102', 'lixia-test-verifier');
    expect((await t.gql(verifier, '{ auditEvents { seq } }')).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const { page, external, close } = await signedIn('jinan-auditor');
    await page.getByRole('link', { name: '审计' }).click();
    await page.waitForURL(`${base}/console/audit`);
    await page.getByTestId('chain-status').getByText('哈希链完整').waitFor();
    await page.getByTestId('audit-events').waitFor();
    expect(await page.getByTestId('audit-events').textContent()).toContain('控制台登录');

    await page.getByLabel('结果').selectOption({ label: '拒绝' });
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('audit-events').getByText('lixia-test-verifier').waitFor();
    const outcomes = await page.locator('[data-testid="audit-events"] tbody tr td:nth-child(4)').allTextContents();
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) expect(o).toMatch(/^拒绝/);
    await screenshot(page, 'audit-01-refused-events');

    await page.getByLabel('结果').selectOption('');
    await page.getByLabel('操作', { exact: true }).selectOption('console.sign-in');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-events"] tbody tr td:nth-child(3)')].every((td) => td.textContent?.startsWith('控制台登录')));
    // Times in Beijing time: the event's instant formatted in Asia/Shanghai.
    const iso = await page.locator('[data-testid="audit-events"] tbody tr time').first().getAttribute('datetime');
    const shown = await page.locator('[data-testid="audit-events"] tbody tr time').first().textContent();
    expect(shown).toBe(new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso!)));
    await screenshot(page, 'audit-02-sign-ins');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The auditors' own reads are audited with the filter they used.
    const read = await t.hub.db('audit_events').where({ action: 'audit.read', actor_sub: 'jinan-auditor' }).orderBy('seq', 'desc').first();
    expect(read.details.filter).toMatchObject({ action: 'console.sign-in' });
    expect(external).toEqual([]);
    await close();
  }, BROWSER_TEST_MS);

  it('names a mistyped ID number at its field before asking, and shows the API refusing a verifier', async () => {
    const auditor = await signedIn('jinan-auditor');
    await auditor.page.goto(`${base}/console/audit`);
    await auditor.page.getByTestId('audit-events').waitFor();
    await auditor.page.getByLabel('当事人身份证号').fill('370102199001011235');
    await auditor.page.getByRole('button', { name: '查询' }).click();
    await auditor.page.locator('#audit-idNumber-error').getByText('不是有效的身份证号').waitFor();
    expect(await auditor.page.getByLabel('当事人身份证号').getAttribute('aria-invalid')).toBe('true');
    await screenshot(auditor.page, 'audit-03-bad-id-number');
    await auditor.close();

    const verifier = await signedIn('lixia-verifier');
    expect(await verifier.page.getByRole('link', { name: '审计' }).count()).toBe(0);
    await verifier.page.goto(`${base}/console/audit`);
    await verifier.page.locator('.api-error [data-code="FORBIDDEN"]').first().waitFor();
    await screenshot(verifier.page, 'audit-04-verifier-refused');
    await verifier.close();

    // The outcome filter takes the outcomes an event can have, and names itself otherwise.
    const auditorToken = await t.token(['auditor'], '370100');
    const bad = await t.gql(auditorToken, '{ auditEvents(filter: { outcome: "MAYBE" }) { seq } }');
    expect(bad.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.outcome' } });
  }, BROWSER_TEST_MS);
});
