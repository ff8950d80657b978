import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DecodeToUtf8, FileEncodingError, isSpreadsheetNumber, xlsxRows } from '../../src/batch-files/index.js';

/** Runs bytes through the decoder; resolves with the UTF-8 text and the encoding found (and why the text ended early, if it did). */
async function decode(...chunks: Buffer[]): Promise<{ text: string; encoding: string | null; failure?: FileEncodingError }> {
  const decoder = new DecodeToUtf8();
  const out: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.push(chunk);
      done();
    },
  });
  await pipeline(Readable.from(chunks), decoder, sink);
  return { text: Buffer.concat(out).toString('utf8'), encoding: decoder.encoding, ...(decoder.failure ? { failure: decoder.failure } : {}) };
}

/** Spreadsheet numbers, written as the strings they come from (a literal would lose digits here too). */
const idAsNumber = (digits: string): number => Number(digits);

const CSV = 'externalRef,idNumber,name\nH1,370102198001011234,张建国\nH1,370102198203052345,李秀兰\nH2,370102197512123456,欧阳娜娜\n';

describe('DecodeToUtf8', () => {
  it('converts a GBK file (as Excel saves CSV on Chinese Windows) to UTF-8, even cut mid-character', async () => {
    const gbk = iconv.encode(CSV, 'gbk');
    expect(gbk.includes(Buffer.from('张建国'))).toBe(false);
    // Cut inside the two bytes of 张: the decoder works on whole lines.
    const at = gbk.indexOf(iconv.encode('张', 'gbk')) + 1;
    expect(await decode(gbk.subarray(0, at), gbk.subarray(at))).toEqual({ text: CSV, encoding: 'gb18030' });
    expect(await decode(iconv.encode('name\n𠀀家\n', 'gb18030'))).toEqual({ text: 'name\n𠀀家\n', encoding: 'gb18030' });
  });

  it('passes UTF-8 unchanged and drops its BOM', async () => {
    expect(await decode(Buffer.from(CSV))).toEqual({ text: CSV, encoding: 'utf-8' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]);
    expect(await decode(bom.subarray(0, 2), bom.subarray(2))).toEqual({ text: CSV, encoding: 'utf-8' });
  });

  it('ends the text at a line that is neither UTF-8 nor GBK, at a change of encoding and at UTF-16, naming the line', async () => {
    const garbage = Buffer.concat([Buffer.from('a,b\nc,d\n'), Buffer.from([0x80, 0xff, 0x0a]), Buffer.from('e,f\n')]);
    expect(await decode(garbage)).toMatchObject({ text: '', failure: new FileEncodingError(3, 'neither UTF-8 nor GBK/GB18030 text; save it as UTF-8 (Excel: Save As, "CSV UTF-8")') });
    // 64 KiB of UTF-8 decide; a GBK line after them is not converted as if it were UTF-8.
    const utf8 = Buffer.from(`name\n${'张建国\n'.repeat(8_000)}`);
    const mixed = await decode(Buffer.concat([utf8, iconv.encode('李秀兰\n', 'gbk'), Buffer.from('more\n')]));
    expect(mixed.text).toBe(utf8.toString('utf8'));
    expect(mixed.failure).toMatchObject({ line: 8_002, message: expect.stringMatching(/^line 8002: not UTF-8 text, though the lines before it are/) });
    expect((await decode(iconv.encode(CSV, 'utf-16le', { addBOM: true }))).failure).toMatchObject({ line: 1, message: expect.stringContaining('UTF-16') });
  });
});

describe('ID numbers a spreadsheet turned into numbers', () => {
  it('are caught as text in scientific notation and as numbers, and real ID numbers are not', () => {
    for (const v of ['3.70102E+17', '3.70102198001011E+17', '3.7e17', ' 3.70102E+17 ', idAsNumber('370102198001011234')]) expect(isSpreadsheetNumber(v)).toBe(true);
    for (const v of ['370102198001011234', '37010219800101123X', 'E+17', '', undefined, null]) expect(isSpreadsheetNumber(v)).toBe(false);
  });
});

describe('xlsxRows', () => {
  it('streams the first sheet of an .xlsx file as text by header, marking numeric cells', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('households');
    sheet.addRow(['externalRef', 'idNumber', 'name', 'declaredMonthlyIncome']);
    sheet.addRow(['H1', '370102198001011234', { richText: [{ text: '张' }, { text: '建国' }] }, 1200.5]);
    sheet.addRow([]);
    sheet.addRow(['H2', idAsNumber('370102198203052345'), '李秀兰', null]);
    book.addWorksheet('notes').addRow(['not read']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const rows = [];
    for await (const row of xlsxRows(Readable.from([bytes]), (names) => names)) rows.push({ ...row, numeric: [...row.numeric] });
    expect(rows).toEqual([
      { line: 2, record: { externalRef: 'H1', idNumber: '370102198001011234', name: '张建国', declaredMonthlyIncome: '1200.5' }, numeric: ['declaredMonthlyIncome'] },
      // A number cell: the ID number's last digits are already gone in the file.
      { line: 4, record: { externalRef: 'H2', idNumber: String(idAsNumber('370102198203052345')), name: '李秀兰', declaredMonthlyIncome: '' }, numeric: ['idNumber'] },
    ]);
  });
});
