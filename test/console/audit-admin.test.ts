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
  // The operator lets organisations' admins allow internal hosts inside 10.0.0.0/8 (webhook targets).
  t = await startTestHub({ WEBHOOK_PERMITTABLE_CIDRS: '10.0.0.0/8' });
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
    // And a query that does not validate: a security event by a caller of 历下区.
    expect((await t.gql(verifier, '{ noSuchField }')).status).toBe(400);
    // Ten refusals within the hour (the default threshold) make a REFUSAL_SPIKE finding once the rules run.
    for (let i = 0; i < 10; i++) await t.gql(verifier, '{ auditChain { ok } }');
    const run = await t.gql<{ runAuditFindings: { created: number } }>(await t.token(['auditor'], '370100'), 'mutation { runAuditFindings { created } }');
    expect(run.body.data?.runAuditFindings.created).toBeGreaterThan(0);

    const { page, external, close } = await signedIn('jinan-auditor');
    await page.getByRole('link', { name: '审计' }).click();
    await page.waitForURL(`${base}/console/audit`);
    await page.getByTestId('chain-status').getByText('哈希链完整').waitFor();
    await page.getByTestId('audit-events').waitFor();
    expect(await page.getByTestId('audit-events').textContent()).toContain('控制台登录');
    await page.getByTestId('security-events').getByText('请求校验失败').waitFor();
    const spike = page.getByTestId('findings').locator('tr', { hasText: '短时间内多次被拒（试探）' });
    await spike.getByText('待复核', { exact: true }).waitFor();
    await spike.getByRole('button', { name: '标记为已复核' }).click();
    await spike.getByText('复核意见：必填').waitFor();
    await spike.getByLabel(/复核意见/).fill('测试账号，已核实');
    await spike.getByRole('button', { name: '标记为已复核' }).click();
    await spike.getByText('已复核', { exact: true }).waitFor();
    expect(await spike.textContent()).toContain('测试账号，已核实');

    await page.getByLabel('结果').selectOption({ label: '拒绝' });
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByTestId('audit-events').getByText('lixia-test-verifier').first().waitFor();
    const outcomes = await page.locator('[data-testid="audit-events"] tbody tr td:nth-child(4)').allTextContents();
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) expect(o).toMatch(/^拒绝/);
    await screenshot(page, 'audit-01-refused-events');

    await page.getByLabel('结果').selectOption('');
    await page.getByLabel('操作', { exact: true }).selectOption('console.sign-in');
    await page.getByRole('button', { name: '查询' }).click();
    const actions = page.locator('[data-testid="audit-events"] tbody tr td:nth-child(3)');
    await expect.poll(async () => (await actions.allTextContents()).map((a) => a.startsWith('控制台登录')), { timeout: 30_000 }).not.toContain(false);
    expect(await actions.count()).toBeGreaterThan(0);
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

describe('the administrators page', () => {
  it('shows an admin the policy versions, compares two, adds a dated one, and keeps review schedules and webhook hosts', async () => {
    const { page, external, close } = await signedIn('shandong-admin');
    page.on('dialog', (d) => void d.accept());
    await page.getByRole('link', { name: '管理' }).click();
    await page.waitForURL(`${base}/console/admin`);
    expect(await page.getByTestId('policy-count').textContent()).toBe('370000 的政策版本（共 2 个，最新在前）');

    // Compare: the older version on the left, the newer on the right, the differences highlighted.
    await page.getByRole('button', { name: '比较所选两个版本' }).click();
    const compared = page.getByTestId('policy-compare');
    await compared.getByText('版本比较：2025-01-01 与 2026-01-01').waitFor();
    const urban = compared.locator('tr', { has: page.locator('code', { hasText: /^standards\.urban\.minimumLiving$/ }) });
    expect(await urban.getAttribute('data-kind')).toBe('changed');
    expect(await compared.locator('tr[data-kind="same"]').count()).toBe(0);
    expect(await urban.locator('td').allTextContents()).toEqual(['standards.urban.minimumLiving（修改）', '950', '1000']);
    expect(await urban.locator('td').first().evaluate('(td) => getComputedStyle(td).backgroundColor')).not.toBe('rgba(0, 0, 0, 0)');
    await screenshot(page, 'admin-01-policy-compare');

    // Add a dated version: bad JSON named at its field first, then the hub's own validation.
    const add = page.getByTestId('policy-add');
    await add.getByLabel('生效日期').fill('2027-01-01');
    await add.getByLabel('参数（JSON）').fill('{"standards": ');
    await add.getByRole('button', { name: '保存新版本' }).click();
    await add.locator('#policy-parameters-error').getByText('不是有效的 JSON').waitFor();
    await add.getByLabel('参数（JSON）').fill('{"standards": {"urban": {"minimumLiving": 1100, "lowIncome": 900}, "rural": {"minimumLiving": 800, "lowIncome": 1200}}}');
    await add.getByRole('button', { name: '保存新版本' }).click();
    await add.locator('#policy-parameters-error').getByText('parameters.standards.urban').waitFor();
    expect(await add.locator('#policy-parameters-error').textContent()).toContain('BAD_USER_INPUT');
    await screenshot(page, 'admin-02-policy-refused');
    // A region's new version replaces its previous one: start from the newest version's parameters.
    await add.getByRole('button', { name: '以所选版本的参数为起点' }).click();
    const latest = JSON.parse(await add.getByLabel('参数（JSON）').inputValue()) as { standards: { urban: { minimumLiving: number; lowIncome: number } } };
    latest.standards.urban = { minimumLiving: 1100, lowIncome: 1650 };
    // On one line: Playwright's fill took 25 s for the same parameters indented over many lines (the test's timeout is 30).
    await add.getByLabel('参数（JSON）').fill(JSON.stringify(latest));
    await add.getByRole('button', { name: '保存新版本' }).click();
    await add.locator('.status-message, .field-error, .api-error').first().waitFor();
    expect(await add.locator('.status-message, .field-error, .api-error').first().textContent()).toBe('已保存：370000 自 2027-01-01 起生效的版本');
    await page.getByTestId('policy-count').getByText('共 3 个').waitFor();
    const saved = await t.hub.db('policy_versions').where({ region_code: '370000', effective_from: '2027-01-01' }).first();
    expect(saved.parameters.standards.urban).toEqual({ minimumLiving: 1100, lowIncome: 1650 });
    // The same date again: versions are never edited, said at the date.
    await add.getByLabel('生效日期').fill('2027-01-01');
    await add.getByLabel('参数（JSON）').fill(JSON.stringify(latest));
    await add.getByRole('button', { name: '保存新版本' }).click();
    await add.locator('#policy-effectiveFrom-error').getByText('versions are never edited').waitFor();

    // Review schedules: create (Beijing time by default), pause, resume, delete.
    const schedules = page.getByTestId('schedule-add');
    await schedules.getByLabel('地区代码').fill('370102');
    await schedules.getByRole('button', { name: '创建或更新复核计划' }).click();
    const row = page.getByTestId('review-schedules').locator('tr', { hasText: '370102' });
    await row.getByText('运行中').waitFor();
    expect(await row.textContent()).toContain('Asia/Shanghai');
    await row.getByRole('button', { name: '暂停 370102 定期复核' }).click();
    await row.getByText('已暂停').waitFor();
    await row.getByRole('button', { name: '恢复 370102 定期复核' }).click();
    await row.getByText('运行中').waitFor();
    await screenshot(page, 'admin-03-schedules');
    await row.getByRole('button', { name: '删除 370102 定期复核' }).click();
    await page.getByText('该辖区尚无复核计划。').waitFor();
    expect((await t.hub.db('audit_events').where({ actor_sub: 'shandong-admin', outcome: 'ALLOWED' }).whereIn('action', ['review.schedule', 'review.pause', 'review.resume', 'review.delete', 'policy.save']).select('action')).map((r: { action: string }) => r.action).sort()).toEqual(['policy.save', 'review.delete', 'review.pause', 'review.resume', 'review.schedule']);

    // Webhook targets (the admin's part); subscriptions are for those who may read reports.
    await page.getByTestId('target-add').getByLabel('主机', { exact: true }).fill('192.168.5.0/24');
    await page.getByRole('button', { name: '允许该主机' }).click();
    await page.locator('#target-pattern-error').getByText('FORBIDDEN').waitFor();
    expect(await page.locator('#target-pattern-error').textContent()).toContain('WEBHOOK_PERMITTABLE_CIDRS');
    await page.getByTestId('target-add').getByLabel('主机', { exact: true }).fill('10.20.0.0/16');
    await page.getByRole('button', { name: '允许该主机' }).click();
    await page.getByTestId('webhook-targets').getByText('10.20.0.0/16').waitFor();
    await page.getByTestId('webhooks-not-for-admins').waitFor();
    await screenshot(page, 'admin-04-page');
    expect(await accessibilityViolations(page)).toEqual([]);

    expect(external).toEqual([]);

    // The queue dashboard, behind the same session (a province-level admin may look). bull-board's
    // page asks for Google Fonts, which its CSP refuses (src/server/security-headers.ts): not checked here.
    const dashboard = page.waitForResponse((r) => r.url() === `${base}/admin/queues`);
    await page.getByRole('link', { name: '打开队列看板' }).click();
    expect((await dashboard).status()).toBe(200);
    await close();
  }, BROWSER_TEST_MS);

  it('shows the refusal of a region outside the jurisdiction with its code, and an English page on the switch', async () => {
    const { page, close } = await signedIn('nanjing-admin');
    await page.goto(`${base}/console/admin`);
    await page.getByTestId('policy-count').waitFor();
    await page.locator('#admin-region').fill('37010');
    await page.getByRole('button', { name: '查看', exact: true }).click();
    await screenshot(page, 'admin-05-bad-region');
    await page.locator('#admin-region-error').getByText('应为 6 位行政区划代码').waitFor();
    await page.locator('#admin-region').fill('370102');
    await page.getByRole('button', { name: '查看', exact: true }).click();
    await page.locator('.api-error [data-code="OUT_OF_JURISDICTION"]').first().waitFor();
    await screenshot(page, 'admin-06-out-of-jurisdiction');
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Regional policy versions' }).waitFor();
    await screenshot(page, 'admin-07-english');
    await close();
  }, BROWSER_TEST_MS);
});
