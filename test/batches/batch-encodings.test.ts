import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { itemsToProcess } from '../../src/batches/index.js';
import { batchItem } from '../kit/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'batch-encodings-'));
let t: TestHub;
let token: string;
let hubBase: string;

const COLUMNS = ['applicationRef', 'regionCode', 'externalRef', 'idNumber', 'name', 'relation'];
const rowsOf = (h: SandboxHousehold): (string | number)[][] => h.members.map((m) => [`REVIEW-${h.id}`, h.regionCode, h.id, m.idNumber, m.name, m.relation]);
const households = (region: string) => t.hub.sandbox!.population.households.filter((h) => h.regionCode === region && h.members.length === 2);

interface Answer {
  batchId: string;
  accepted: number;
  rejected: { line: number; reason: string; code?: string }[];
}

/** The batch CLI, asynchronously (the hub answering it runs in this process). */
function batch(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/bin/batch.ts', ...args], { cwd: repo, env: { ...process.env, HUB_TOKEN: token } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/** The names the hub stored for a batch (sealed inputs opened): what would be verified and signed. */
async function storedNames(batchId: string): Promise<string[]> {
  return (await itemsToProcess(t.hub.db, batchId, 1, 100)).flatMap((i) => i.input.household.members.map((m) => m.name));
}

beforeAll(async () => {
  // No worker: the stored inputs are read back as they were accepted.
  t = await startTestHub({ WORKER: 'off' });
  token = await t.token(['verifier', 'assistance-system'], '370100');
  hubBase = t.url.replace(/\/graphql$/, '');
}, 60_000);
afterAll(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('batch files as people have them', () => {
  it('converts a GBK CSV (Excel on Chinese Windows) and refuses an ID number Excel wrote as 3.70102E+17 by its line and code', async () => {
    const [a, b] = households('370102');
    const csv = [COLUMNS, ...rowsOf(a!), ['REVIEW-X', '370102', 'X-1', '3.70102E+17', '王小明', 'HEAD'], ...rowsOf(b!)].map((r) => r.join(',')).join('\r\n');
    const file = join(dir, 'gbk.csv');
    writeFileSync(file, iconv.encode(`${csv}\r\n`, 'gbk'));
    const run = await batch(['submit', file, '--purpose', 'PERIODIC_REVIEW', '--hub', hubBase]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const answer = JSON.parse(run.stdout) as Answer;
    expect(answer.accepted).toBe(2);
    expect(answer.rejected).toEqual([{ line: 4, code: 'ID_NUMBER_SCIENTIFIC_NOTATION', reason: expect.stringMatching(/^idNumber: a spreadsheet turned the ID number into a number \(like 3\.70102E\+17\).*format the column as Text/) }]);
    expect(await storedNames(answer.batchId)).toEqual([...a!.members, ...b!.members].map((m) => m.name));
  }, 60_000);

  it('reads an .xlsx file, refusing an ID number stored as a number cell by its row', async () => {
    const [a, b] = households('370103');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('核对名单');
    sheet.addRow(COLUMNS);
    for (const row of rowsOf(a!)) sheet.addRow(row);
    // An ID number typed into a General column: Excel keeps it as a number (15 significant digits).
    sheet.addRow(['REVIEW-Y', '370103', 'Y-1', Number('370103198001011234'), '赵六', 'HEAD']);
    for (const row of rowsOf(b!)) sheet.addRow(row);
    const file = join(dir, 'households.xlsx');
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    const run = await batch(['submit', file, '--purpose', 'PERIODIC_REVIEW', '--hub', hubBase]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const answer = JSON.parse(run.stdout) as Answer;
    expect(answer).toMatchObject({ accepted: 2, rejected: [{ line: 4, code: 'ID_NUMBER_SCIENTIFIC_NOTATION' }] });
    expect(await storedNames(answer.batchId)).toEqual([...a!.members, ...b!.members].map((m) => m.name));
  }, 60_000);

  it('POST /batches converts a GBK body, rejects spreadsheet numbers with their code, and refuses a body in no known encoding naming the line', async () => {
    const [a, b] = households('370104');
    const mangled = batchItem(b!);
    const upload = (body: Buffer) => fetch(`${hubBase}/batches?purpose=PERIODIC_REVIEW`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` }, body: new Uint8Array(body) });
    const lines = [JSON.stringify(batchItem(a!)), JSON.stringify({ ...mangled, household: { ...mangled.household, members: [mangled.household.members[0], { ...mangled.household.members[1], idNumber: 3.70104e17 }] } })];
    const res = await upload(iconv.encode(`${lines.join('\n')}\n`, 'gbk'));
    expect(res.status).toBe(201);
    const answer = (await res.json()) as Answer;
    expect(answer).toMatchObject({ accepted: 1, rejected: [{ line: 2, code: 'ID_NUMBER_SCIENTIFIC_NOTATION', reason: expect.stringMatching(/^household\.members\[1\]\.idNumber: a spreadsheet turned/) }] });
    expect(await storedNames(answer.batchId)).toEqual(a!.members.map((m) => m.name));

    const before = Number((await t.hub.db('batches').count({ n: '*' }).first())?.n);
    const broken = await upload(Buffer.concat([Buffer.from(`${lines[0]}\n`), Buffer.from([0x7b, 0x80, 0xff, 0x7d, 0x0a])]));
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: unknown }).error).toEqual({ code: 'BAD_USER_INPUT', field: 'body', line: 2, message: expect.stringMatching(/^body: line 2: neither UTF-8 nor GBK\/GB18030 text; .*nothing was queued$/) });
    expect(Number((await t.hub.db('batches').count({ n: '*' }).first())?.n)).toBe(before);
  }, 60_000);
});
