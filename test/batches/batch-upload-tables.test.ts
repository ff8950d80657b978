import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { itemsToProcess } from '../../src/batches/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

let t: TestHub;
let token: string;
let hubBase: string;

const COLUMNS = ['applicationRef', 'regionCode', 'externalRef', 'idNumber', 'name', 'relation'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const rowsOf = (h: SandboxHousehold): string[][] => h.members.map((m) => [`REVIEW-${h.id}`, h.regionCode, h.id, m.idNumber, m.name, m.relation]);
const households = (region: string) => t.hub.sandbox!.population.households.filter((h) => h.regionCode === region && h.members.length === 2);

function upload(body: Uint8Array | string, type: string) {
  return fetch(`${hubBase}/batches?purpose=PERIODIC_REVIEW&chunkSize=10`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
}

async function storedNames(batchId: string): Promise<string[]> {
  return (await itemsToProcess(t.hub.db, batchId, 1, 100)).flatMap((i) => i.input.household.members.map((m) => m.name));
}

beforeAll(async () => {
  // No worker: the stored inputs are read back as they were accepted.
  t = await startTestHub({ WORKER: 'off' });
  token = await t.token(['verifier', 'assistance-system'], '370100');
  hubBase = t.url.replace(/\/graphql$/, '');
}, 60_000);
afterAll(() => t?.stop());

describe('POST /batches with a CSV or .xlsx body (the console uploads files as people have them)', () => {
  it('converts a GBK CSV as the CLI does, rejecting a bad row and its household by the file line numbers', async () => {
    const [a, b, c] = households('370102');
    const spoiled = rowsOf(b!);
    spoiled[1]![3] = '3.70102E+17';
    const csv = [COLUMNS, ...rowsOf(a!), ...spoiled, ...rowsOf(c!)].map((r) => r.join(',')).join('\r\n');
    const res = await upload(iconv.encode(`${csv}\r\n`, 'gbk'), 'text/csv');
    expect(res.status).toBe(201);
    const answer = (await res.json()) as { batchId: string; accepted: number; rejected: { line: number; code?: string; reason: string }[]; rejectedCount: number };
    expect(answer.accepted).toBe(2);
    expect(answer.rejectedCount).toBe(2);
    expect(answer.rejected).toEqual([
      { line: 4, reason: `not sent: line 5 of household ${b!.id} was rejected` },
      { line: 5, code: 'ID_NUMBER_SCIENTIFIC_NOTATION', reason: expect.stringMatching(/^idNumber: a spreadsheet turned the ID number into a number/) },
    ]);
    expect(await storedNames(answer.batchId)).toEqual([...a!.members, ...c!.members].map((m) => m.name));
  });

  it('reads an .xlsx body; a household the hub rejects is reported at its row', async () => {
    const [a, b] = households('370103');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('核对名单');
    sheet.addRow(COLUMNS);
    for (const row of rowsOf(a!)) sheet.addRow(row);
    const long = rowsOf(b!);
    // An application reference over 64 characters: checked by the hub on the household the conversion made.
    long[0]![0] = 'R'.repeat(65);
    for (const row of long) sheet.addRow(row);
    const res = await upload(Buffer.from(await book.xlsx.writeBuffer()), XLSX);
    expect(res.status).toBe(201);
    const answer = (await res.json()) as { batchId: string; accepted: number; rejected: { line: number; reason: string }[] };
    expect(answer.accepted).toBe(1);
    expect(answer.rejected).toEqual([{ line: 4, reason: expect.stringContaining('applicationRef') }]);
    expect(await storedNames(answer.batchId)).toEqual(a!.members.map((m) => m.name));
  });

  it('refuses a file it cannot read (bytes in no known encoding, an unknown column) naming the line, and queues nothing', async () => {
    const [a] = households('370104');
    const good = Buffer.from([COLUMNS, ...rowsOf(a!)].map((r) => r.join(',')).join('\n') + '\n');
    const res = await upload(Buffer.concat([good, Buffer.from([0x52, 0x2c, 0xff, 0xff, 0xff, 0x0a])]), 'text/csv');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; field: string; message: string; line: number } };
    expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body', line: 4, message: expect.stringMatching(/line 4/) });
    const header = await upload(`${[...COLUMNS, 'shoeSize'].join(',')}\n`, 'text/csv');
    expect(header.status).toBe(400);
    expect(((await header.json()) as { error: { message: string } }).error.message).toMatch(/unknown column\(s\) "shoeSize"/);
    const [{ n }] = (await t.hub.db('batches').count({ n: '*' })) as [{ n: number | string }];
    // The two accepted files above; nothing of the refused ones.
    expect(Number(n)).toBe(2);
  });
});
