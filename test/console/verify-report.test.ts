import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { create } from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../src/console-build/index.js';
import { checkIdNumber } from '../../src/identity/index.js';
import { startTestHub, consentPdf, type TestHub } from '../kit/hub.js';
import { accessibilityViolations, launchBrowser, screenshot, SCREENSHOTS } from './browser.js';

let t: TestHub;
let base: string;
let browser: Browser;

/** Banks answer this long after the request (a ticket collected later): long enough to see them pending. */
const BANK_DELAY_MS = 4_000;
const BROWSER_TEST_MS = 150_000;

interface SandboxHousehold {
  id: string;
  regionCode: string;
  members: { idNumber: string; name: string; relation: string }[];
  declaration: { assets: Record<string, number>; members: { idNumber: string; monthlyIncome?: number }[] };
}

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestHub({ SANDBOX_BANK_DELAY_MS: String(BANK_DELAY_MS) });
  base = new URL(t.url).origin;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function signedIn(login: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(`${base}/auth/sign-in?login_hint=${login}`);
  await page.locator(`button[name="login"][value="${login}"]`).click();
  await page.getByTestId('signed-in-as').waitFor();
  return page;
}

const ageOf = (idNumber: string) => {
  const check = checkIdNumber(idNumber);
  if (!check.ok) throw new Error('sandbox ID number invalid');
  return (Date.now() - Date.parse(check.value.birthDate)) / (365.25 * 86_400_000);
};

/** A sandbox household of 历下区 with a minor and an adult (so a guardian signs), at most four members. */
async function householdWithMinor(): Promise<SandboxHousehold> {
  const res = await fetch(`${t.hub.sandbox!.url}/sandbox/households?region=370102&limit=200`);
  const { households } = (await res.json()) as { households: SandboxHousehold[] };
  const found = households.find((h) => h.members.length <= 4 && h.members.some((m) => ageOf(m.idNumber) < 17) && h.members.some((m) => ageOf(m.idNumber) > 19));
  if (!found) throw new Error('no sandbox household with a minor');
  return found;
}

const RELATION_ZH: Record<string, string> = { HEAD: '户主', SPOUSE: '配偶', CHILD: '子女', PARENT: '父母', GRANDCHILD: '孙子女', GRANDPARENT: '祖父母', SIBLING: '兄弟姐妹', OTHER: '其他' };

/** The text of a PDF, page by page (pdf.js, as a reader would extract it). */
async function pdfPages(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(''));
  }
  return pages;
}

describe('console: verify a household and read its report', () => {
  it('checks ID numbers as typed, verifies a pasted household with a minor, shows banks pending then answered, and prints the report', async () => {
    const h = await householdWithMinor();
    const page = await signedIn('lixia-verifier');
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) external.push(r.url());
    });
    await page.getByRole('link', { name: '核对家庭' }).click();
    await page.getByRole('heading', { name: '核对家庭经济状况' }).waitFor();
    // The verifier's county is the default region.
    await expect.poll(() => page.getByLabel('申请地行政区划代码').inputValue()).toBe('370102');

    // GB 11643 as typed: a wrong check character is named with the expected one.
    const first = h.members[0]!.idNumber;
    const wrong = first.slice(0, 17) + (first[17] === '1' ? '2' : '1');
    await page.getByLabel('身份证号', { exact: true }).first().fill(wrong);
    await page.getByText(`校验码不符（GB 11643 MOD 11-2），应为 ${first[17]}`).waitFor();
    await page.getByLabel('身份证号', { exact: true }).first().fill(first);
    await page.getByText(/^有效：\d{4}-\d\d-\d\d 出生/).first().waitFor();
    await page.getByLabel('身份证号', { exact: true }).first().fill('');

    // Paste the members (ID number, name, relation in Chinese, wage) as a spreadsheet gives them.
    const income = new Map(h.declaration.members.map((m) => [m.idNumber, m.monthlyIncome ?? 0]));
    await page.getByLabel(/粘贴成员/).fill(h.members.map((m) => [m.idNumber, m.name, RELATION_ZH[m.relation], income.get(m.idNumber) ?? 0].join('\t')).join('\n'));
    await page.getByRole('button', { name: '导入粘贴的成员' }).click();
    await page.getByText(`已导入 ${h.members.length} 名成员`).waitFor();
    expect(await page.locator('fieldset.member').count()).toBe(h.members.length);

    await page.getByLabel('家庭编号（救助业务系统）').fill(h.id);
    await page.getByLabel('申请编号').fill(`APP-${h.id}`);
    await page.getByLabel('存款合计').fill(String(h.declaration.assets.deposits ?? 0));

    // Submitting without the consent form and a guardian names each missing field.
    await page.getByRole('button', { name: '提交核对' }).click();
    const problems = page.getByTestId('problems');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('签字的授权书（PDF、JPEG 或 PNG）：必填');
    expect(await problems.textContent()).toMatch(/成员 \d 监护人（签署授权的成年成员）：必填/);
    await screenshot(page, 'verify-01-problems');

    const adult = h.members.find((m) => ageOf(m.idNumber) > 19)!;
    const guardians = page.getByLabel('监护人（签署授权的成年成员）');
    for (let i = 0; i < (await guardians.count()); i++) await guardians.nth(i).selectOption({ label: adult.name });
    await page.getByLabel('签字的授权书（PDF、JPEG 或 PNG）').setInputFiles({ name: 'consent.pdf', mimeType: 'application/pdf', buffer: consentPdf(`consent for ${h.id}`) });
    await screenshot(page, 'verify-02-form');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '提交核对' }).click();

    // Banks answer later: the page shows them pending, then answered, by itself.
    const progress = page.getByTestId('progress');
    await progress.waitFor();
    await page.locator('tr[data-source^="bank_"][data-status="PENDING"]').first().waitFor();
    expect(await progress.getAttribute('data-status')).toBe('PENDING');
    expect(await page.locator('tr[data-source^="bank_"]').first().textContent()).toMatch(/银行.*等待答复/);
    await screenshot(page, 'verify-03-banks-pending');
    await page.getByTestId('result').waitFor({ timeout: 30_000 });
    expect(await page.locator('tr[data-source^="bank_"][data-status="PENDING"]').count()).toBe(0);
    expect(await progress.getAttribute('data-status')).toBe('COMPLETE');
    expect(await page.getByTestId('result').textContent()).toMatch(/最低生活保障（低保）：(符合条件|不符合条件)/);
    await screenshot(page, 'verify-04-result');

    // The consents: one per member, the minors' signed by the guardian.
    const consents = await t.hub.db('consents').count<{ count: string }[]>({ count: '*' });
    expect(Number(consents[0]!.count)).toBeGreaterThanOrEqual(h.members.length);

    await page.getByRole('link', { name: '查看完整报告' }).click();
    await page.waitForURL(/\/console\/reports\/[0-9a-f-]{36}$/);
    const reportId = page.url().split('/').pop()!;
    await page.getByTestId('report').waitFor();
    // Conclusion first, then discrepancies, then income and assets, then records by source; the per-source table folded.
    const headings = await page.locator('article.report h2').allTextContents();
    expect(headings.slice(0, 4)).toEqual(['核对结论', '申报与核实不一致之处', '收入', '财产']);
    expect(headings).toContain('各来源核实的数据');
    expect(await page.getByTestId('per-source').getAttribute('open')).toBeNull();
    const programme = page.locator('[data-programme="MINIMUM_LIVING"]');
    expect(await programme.locator('h3').textContent()).toMatch(/^最低生活保障（低保）：(符合条件|不符合条件|结论待定（数据未齐）)$/);
    expect((await programme.locator('.grounds li').first().textContent())!.length).toBeGreaterThan(8);
    // Banks by name, from the catalogue.
    const bankNames = await page.locator('.source-records[data-source^="bank_"] h3').allTextContents();
    for (const name of bankNames) expect(name).toMatch(/银行/);

    // The QR code carries what an offline verifier needs.
    const { body: { data } } = await t.gql<{ verificationReport: { reportSha256: string; revision: number; signature: { kid: string } } }>(await t.token(['verifier'], '370102'), 'query($id: ID!) { verificationReport(id: $id) { reportSha256 revision signature { kid } } }', { id: reportId });
    const report = data!.verificationReport;
    const payload = JSON.parse((await page.locator('svg.report-qr').getAttribute('data-payload'))!) as Record<string, unknown>;
    expect(payload).toEqual({ report: reportId, sha256: report.reportSha256, kid: report.signature.kid, revision: report.revision });
    const dark = create(JSON.stringify(payload), { errorCorrectionLevel: 'M' }).modules.data.filter(Boolean).length;
    expect(((await page.locator('svg.report-qr path').getAttribute('d')) ?? '').match(/M/g)).toHaveLength(dark);
    await screenshot(page, 'report-01');
    expect(await accessibilityViolations(page)).toEqual([]);

    // English on the switch: the same report, the server's English labels and sentences.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Conclusion' }).waitFor();
    expect(await programme.locator('h3').textContent()).toMatch(/^Minimum living allowance: (eligible|not eligible|provisional \(sources missing\))$/);
    await screenshot(page, 'report-04-english');
    await page.getByRole('button', { name: /中文/ }).click();
    await page.getByRole('heading', { name: '核对结论' }).waitFor();

    // Printed to PDF (what "Save as PDF" writes): Chinese text, complete, report id and page numbers on every page.
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'report-02-print-media');
    const pdf = await page.pdf({ format: 'A4', displayHeaderFooter: false, preferCSSPageSize: true });
    writeFileSync(`${SCREENSHOTS}/report.pdf`, pdf);
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((text, i) => {
      expect(text).toContain(reportId);
      expect(text).toContain(`第 ${i + 1} 页 / ${pages.length}`);
    });
    const all = pages.join('\n');
    for (const words of ['家庭经济状况核对报告', '核对结论', '最低生活保障（低保）', '申报与核实不一致之处', '各来源核实的数据', '签名与离线核验', report.reportSha256]) expect(all).toContain(words);
    // The folded per-source table is printed in full: every source's name.
    expect(all).toContain('各来源查询明细');
    for (const name of bankNames) expect(all).toContain(name);
    expect(all).not.toContain('打印');
    expect(external).toEqual([]);
    await page.context().close();
  }, BROWSER_TEST_MS);

  it("shows the hub refusing a consent form that is not a PDF with its code, and refuses the report to another region's verifier", async () => {
    const h = await householdWithMinor();
    const page = await signedIn('lixia-verifier');
    await page.goto(`${base}/console/verify`);
    const adult = h.members.find((m) => ageOf(m.idNumber) > 19)!;
    await page.getByLabel('身份证号', { exact: true }).fill(adult.idNumber);
    await page.getByLabel('姓名', { exact: true }).fill(adult.name);
    await page.getByLabel('家庭编号（救助业务系统）').fill(h.id);
    await page.getByLabel('申请编号').fill(`APP-${h.id}-2`);
    await page.getByLabel('签字的授权书（PDF、JPEG 或 PNG）').setInputFiles({ name: 'consent.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
    await page.getByRole('button', { name: '提交核对' }).click();
    const error = page.getByTestId('api-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^核对中心拒绝了请求（上传授权书）：[A-Z_]+: /);
    await screenshot(page, 'verify-05-refused');
    await page.context().close();

    // 玄武区's verifier cannot read a 历下区 report: the page says so, nothing of it is shown.
    const [stored] = await t.hub.db('reports').select('id').limit(1);
    const other = await signedIn('xuanwu-verifier');
    await other.goto(`${base}/console/reports/${stored.id}`);
    await other.getByRole('alert').waitFor();
    expect(await other.getByRole('alert').textContent()).toMatch(/^加载失败：OUT_OF_JURISDICTION: /);
    await screenshot(other, 'report-03-other-region');
    await other.context().close();
  }, BROWSER_TEST_MS);
});
