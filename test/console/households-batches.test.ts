import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { ensureConsoleBuilt } from '../../src/console-build/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';

let t: TestHub;
let base: string;
let browser: Browser;
let verified: SandboxHousehold[];
let forBatch: SandboxHousehold[];

const BROWSER_TEST_MS = 120_000;
const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id assessment { circle } } }';
const COLUMNS = ['applicationRef', 'regionCode', 'externalRef', 'idNumber', 'name', 'relation'];
const rowsOf = (h: SandboxHousehold): string[][] => h.members.map((m) => [`REVIEW-${h.id}`, h.regionCode, h.id, m.idNumber, m.name, m.relation]);

/** Consents for both purposes, so the households can be verified now and batched later. */
async function consent(token: string, households: SandboxHousehold[]) {
  const documentSha256 = await t.consentDocument(token);
  const consents = households.flatMap((h) => h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION', 'PERIODIC_REVIEW'], validFrom: '2026-01-01', validUntil: '2027-12-31' })));
  expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents })).body.errors).toBeUndefined();
}

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestHub({ SANDBOX_BANK_DELAY_MS: '20' });
  base = new URL(t.url).origin;
  // Households of 历下区 (370102), the demo verifier 王敏's organisation, verified and assessed.
  const token = await t.token(['verifier'], '370102');
  const candidates = t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102' && h.applicant && h.members.length >= 2);
  verified = candidates.slice(0, 4);
  forBatch = t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102' && h.members.length >= 2 && !verified.includes(h)).slice(0, 2);
  await consent(token, [...verified, ...forBatch]);
  for (const h of verified) {
    const input = { household: { regionCode: h.regionCode, externalRef: h.id, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string })) }, purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}` };
    expect((await t.gql(token, VERIFY, { input })).body.errors).toBeUndefined();
  }
  await t.hub.verification.settled();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** A new browser context signed in as a demo user of the development identity provider. */
async function signedIn(login: string, origin = base): Promise<{ page: Page; external: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
  });
  await page.goto(`${origin}/auth/sign-in?login_hint=${login}`);
  await page.locator(`button[name="login"][value="${login}"]`).click();
  await page.waitForURL(`${origin}/console/`);
  await page.getByTestId('signed-in-as').waitFor();
  return { page, external, close: () => context.close() };
}

describe('the households page', () => {
  it('finds a household by a member ID number with its status and history, ranks the region with its filters, exports CSV with a BOM, shows the API refusal and the English labels', async () => {
    const { page, external, close } = await signedIn('lixia-verifier');
    await page.getByRole('link', { name: '家庭查询' }).click();
    await page.waitForURL(`${base}/console/households`);
    await page.getByRole('heading', { name: '查找家庭' }).waitFor();

    // A typo is caught as typed, naming the field (GB 11643 check character).
    const member = verified[0]!.members[1]!.idNumber;
    const typo = member.slice(0, 17) + (member[17] === '0' ? '1' : '0');
    await page.getByRole('textbox', { name: '成员身份证号' }).fill(typo);
    await page.getByRole('button', { name: '查找' }).click();
    expect(await page.getByRole('alert').first().textContent()).toBe('成员身份证号：校验码不符（GB 11643）');

    await page.getByRole('textbox', { name: '成员身份证号' }).fill(member);
    await page.getByRole('button', { name: '查找' }).click();
    const results = page.getByTestId('hh-search-results');
    await results.getByText('核对记录').waitFor();
    const card = await results.textContent();
    expect(card).toContain('找到 1 户');
    expect(card).toContain(verified[0]!.id);
    expect(card).toContain('新申请');
    expect(await results.getByRole('link', { name: '查看报告' }).first().getAttribute('href')).toMatch(/^\/console\/reports\/[0-9a-f-]{36}$/);

    // The ranking of the caller's own region: neediest first, every household verified above listed.
    await page.getByRole('button', { name: '查询' }).click();
    const ranking = page.getByTestId('hh-ranking');
    await ranking.waitFor();
    await page.getByLabel('同时列出未参与排序的家庭（一票否决或不符合任何项目）').check();
    await page.getByRole('button', { name: '查询' }).click();
    // A locator, not waitForFunction: Playwright polls that with eval, which the console's CSP (script-src 'self') refuses.
    const rankingRows = page.locator('[data-testid="hh-ranking"] tbody tr');
    await rankingRows.nth(verified.length - 1).waitFor();
    expect(await rankingRows.count()).toBe(verified.length);
    await screenshot(page, 'households-01-search-and-ranking');
    expect(await accessibilityViolations(page)).toEqual([]);

    const downloadEvent = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 CSV（Excel 可直接打开）' }).click();
    const download = await downloadEvent;
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('排名,家庭编号,地区,困难指数,信息圈,预警颜色,对象类别,符合的救助项目,人均月收入（元）,低收入标准（元）,评估时间,未排序原因,报告');
    expect(lines).toHaveLength(verified.length + 1);
    expect(await page.getByTestId('hh-export-status').textContent()).toBe(`已导出 ${verified.length} 户`);

    // A region outside the jurisdiction: the API's refusal shown with its code.
    await page.getByLabel('地区代码').fill('320102');
    await page.getByRole('button', { name: '查询' }).click();
    expect(await page.getByTestId('hh-rank-failed').textContent()).toMatch(/^OUT_OF_JURISDICTION: /);
    await screenshot(page, 'households-02-refused-region');

    // English on the switch: the same household with the labels' English words.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Households: search and ranking' }).waitFor();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('hh-search-results').getByText('Verifications').waitFor();
    expect(await page.getByTestId('hh-search-results').textContent()).toContain('new application');
    await screenshot(page, 'households-03-english');
    await page.getByRole('button', { name: /中文/ }).click();
    expect(external).toEqual([]);
    await close();
  }, BROWSER_TEST_MS);
});

describe('the batches page', () => {
  it('uploads a GBK CSV, shows the rejected row by its line, follows the batch to the end and lists each household; a file the hub cannot read is refused naming the line', async () => {
    const { page, external, close } = await signedIn('lixia-verifier');
    await page.getByRole('link', { name: '批量核对' }).click();
    await page.waitForURL(`${base}/console/batches`);

    // A file in no encoding the hub knows: refused with the line, nothing queued.
    const broken = Buffer.concat([Buffer.from(`${COLUMNS.join(',')}\n${rowsOf(forBatch[0]!).map((r) => r.join(',')).join('\n')}\n`), Buffer.from([0x52, 0x2c, 0xff, 0xff, 0xff, 0x0a])]);
    await page.getByLabel('文件', { exact: true }).setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: broken });
    await page.getByRole('button', { name: '上传并开始核对' }).click();
    const refused = page.getByTestId('bt-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain(`服务器拒绝了此文件，未排队任何家庭：BAD_USER_INPUT (body)，第 ${forBatch[0]!.members.length + 2} 行：body: line ${forBatch[0]!.members.length + 2}: neither UTF-8 nor GBK/GB18030 text`);
    await screenshot(page, 'batches-01-refused-file');
    expect(await accessibilityViolations(page)).toEqual([]);

    // GBK, as Excel saves CSV on Chinese Windows; one row with an ID number Excel turned into 3.70102E+17.
    const spoiled = ['REVIEW-X', '370102', 'X-1', '3.70102E+17', '王小明', 'HEAD'];
    const csv = [COLUMNS, ...rowsOf(forBatch[0]!), spoiled, ...rowsOf(forBatch[1]!)].map((r) => r.join(',')).join('\r\n');
    await page.getByLabel('文件', { exact: true }).setInputFiles({ name: '核对名单.csv', mimeType: 'text/csv', buffer: iconv.encode(`${csv}\r\n`, 'gbk') });
    await page.getByText('文件预览（前 6 行）').waitFor();
    expect(await page.locator('.bt-preview pre').textContent()).toContain(forBatch[0]!.members[0]!.name);
    await page.getByLabel('每批户数（1-1000）').fill('0');
    expect(await page.getByRole('alert').first().textContent()).toBe('每批户数：应为 1 到 1000 的整数');
    await page.getByLabel('每批户数（1-1000）').fill('1');
    await page.getByRole('button', { name: '上传并开始核对' }).click();

    const accepted = page.getByTestId('bt-accepted');
    await accepted.waitFor();
    expect(await accepted.textContent()).toContain('已接受 2 户');
    const rejectedRows = await page.locator('[data-testid="bt-rejected"] tbody tr').allTextContents();
    expect(rejectedRows).toHaveLength(1);
    expect(rejectedRows[0]).toMatch(new RegExp(`^${forBatch[0]!.members.length + 2}idNumber: a spreadsheet turned the ID number into a number.*ID_NUMBER_SCIENTIFIC_NOTATION$`));
    await page.waitForURL(/\/console\/batches\/[0-9a-f-]{36}$/);

    await page.getByTestId('bt-status').getByText('已完成').waitFor({ timeout: 60_000 });
    await page.getByTestId('bt-results').waitFor();
    const outcomes = await page.locator('[data-testid="bt-results"] tbody tr td:nth-child(3)').allTextContents();
    expect(outcomes).toEqual(['已完成', '已完成']);
    expect(await page.getByTestId('bt-counts').textContent()).toContain('已完成：2');
    await screenshot(page, 'batches-02-done');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The download is the hub's batch export, with the session.
    const href = await page.getByRole('link', { name: '下载结果（CSV）' }).getAttribute('href');
    const exported = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, text: await res.text() };
    }, href!);
    expect(exported.status).toBe(200);
    expect(exported.text.trim().split('\n')).toHaveLength(3);
    expect(external).toEqual([]);
    await close();
  }, BROWSER_TEST_MS);
});

describe('cancelling a batch from the page', () => {
  let idle: TestHub;
  beforeAll(async () => {
    // No worker: the batch stays queued until it is cancelled.
    idle = await startTestHub({ WORKER: 'off' });
  }, 60_000);
  afterAll(() => idle?.stop());

  it('uploads an .xlsx workbook and cancels the queued batch after confirmation; every household is then listed as cancelled', async () => {
    const origin = new URL(idle.url).origin;
    const { page, close } = await signedIn('lixia-verifier', origin);
    await page.goto(`${origin}/console/batches`);
    const households = idle.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102').slice(0, 3);
    // An Excel workbook, sent as it is: the hub reads its first sheet.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('核对名单');
    for (const row of [COLUMNS, ...households.flatMap(rowsOf)]) sheet.addRow(row);
    await page.getByLabel('文件', { exact: true }).setInputFiles({ name: '核对名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await book.xlsx.writeBuffer()) });
    await page.getByText(/Excel 工作簿：由服务器读取第一个工作表/).waitFor();
    await page.getByRole('button', { name: '上传并开始核对' }).click();
    expect(await page.getByTestId('bt-accepted').textContent()).toContain('已接受 3 户');
    await page.getByTestId('bt-status').getByText('排队中').waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: '取消批次' }).click();
    await page.getByTestId('bt-status').getByText('已取消').waitFor();
    await page.getByTestId('bt-results').waitFor();
    expect(await page.locator('[data-testid="bt-results"] tbody tr td:nth-child(3)').allTextContents()).toEqual(['已取消', '已取消', '已取消']);
    expect(await page.getByRole('button', { name: '取消批次' }).count()).toBe(0);
    await screenshot(page, 'batches-03-cancelled');
    const audited = await idle.hub.db('audit_events').where({ action: 'batch.cancel', actor_sub: 'lixia-verifier' }).count({ n: '*' });
    expect(Number((audited[0] as { n: number | string }).n)).toBe(1);
    await close();
  }, BROWSER_TEST_MS);
});
