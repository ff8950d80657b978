import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { CsvError, parse as parseCsv, type InfoRecord } from 'csv-parse';
import { DecodeToUtf8, FileEncodingError, xlsxRows } from '../batch-files/index.js';
import { countingBytes } from '../cli/index.js';
import { checkHeader, checkRow, HOUSEHOLD_REQUIRED, missingColumns, ROW_REQUIRED, type CsvRecord, type DeclaredAssets, type DeclaredIncome, type RowCheck } from './csv-rows.js';
import { UsageError } from './errors.js';
import { reject, type ReadState } from './rejections.js';

/** NDJSON is sent in pieces of about this size (a CSV file is converted as it is read). */
const SEND_BYTES = 64 * 1024;

interface Member {
  idNumber: string;
  name: string;
  relation: string;
  declaredMonthlyIncome?: number;
  declaredIncome?: DeclaredIncome;
}

/** The rows of one household read so far. */
interface Group {
  externalRef: string;
  applicationRef: string;
  regionCode: string;
  members: Member[];
  declaredAssets: DeclaredAssets | null;
  lines: number[];
  /** The first of its rows that was rejected: the household is then not sent at all. */
  spoiledBy: number | null;
  rejectedLines: Set<number>;
}

interface Reading {
  group: Group | null;
  /** A row without externalRef since the last attributable row. */
  unattributed: number | null;
}

/** A member's row, from a CSV file or a sheet: its line (row) number, cells by column, and what the reader noticed. */
interface TableRow {
  line: number;
  record: CsvRecord;
  /** The CSV row has a different number of fields than the header. */
  inconsistent: boolean;
  /** Columns whose cell was a number in the sheet (an ID number Excel stored as one). */
  numeric: ReadonlySet<string>;
  headerWidth: number;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * A CSV (UTF-8, or GBK/GB18030 as Excel saves it on Chinese Windows, converted) or .xlsx file, one
 * row per member: consecutive rows with the same externalRef are one household, its household-level
 * columns taken from its first row. A bad row is reported with its line number and its household is
 * not sent (a household missing a member would be assessed wrongly).
 */
export async function* csvBody(file: string, format: 'csv' | 'xlsx', onBytes: (total: number) => void, state: ReadState): AsyncGenerator<Uint8Array> {
  const bytes = countingBytes(onBytes);
  pipeline(createReadStream(file), bytes, () => undefined);
  try {
    yield* tableBody(bytes, format, state);
  } catch (err) {
    const problem = tableProblem(err);
    if (problem) throw new UsageError(`${file}: ${problem.message}`);
    throw err;
  }
}

/**
 * The NDJSON households of a CSV or .xlsx file read from a stream (the CLI's file, the hub's
 * request body for the console's uploads), rows rejected into `state` with their line numbers.
 * A file that cannot be read further (header, quoting, encoding) throws: see `tableProblem`.
 */
export async function* tableBody(input: Readable, format: 'csv' | 'xlsx', state: ReadState): AsyncGenerator<Uint8Array> {
  const reading: Reading = { group: null, unattributed: null };
  let pending = '';
  for await (const row of format === 'csv' ? csvRows(input) : sheetRows(input)) {
    pending += takeRow(reading, row, state);
    if (pending.length >= SEND_BYTES) {
      yield Buffer.from(pending);
      pending = '';
    }
  }
  if (reading.group !== null) pending += finishGroup(reading.group, state);
  if (pending.length > 0) yield Buffer.from(pending);
}

/** What stops a CSV or .xlsx file from being read further (its header, a misplaced quote, its encoding), with the line when known; null for other errors. */
export function tableProblem(err: unknown): { message: string; line?: number } | null {
  if (err instanceof FileEncodingError) return { message: err.message, line: err.line };
  if (err instanceof CsvError) return { message: err.message, ...(typeof (err as CsvError & { lines?: unknown }).lines === 'number' ? { line: (err as CsvError & { lines: number }).lines } : {}) };
  if (err instanceof UsageError) return { message: err.message };
  return null;
}

async function* csvRows(input: Readable): AsyncGenerator<TableRow> {
  const parser = parseCsv({ columns: checkHeader, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true });
  const decoder = new DecodeToUtf8();
  pipeline(input, decoder, parser, () => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: CsvRecord; info: InfoRecord & { columns?: unknown[] } }>) {
      // Rows after an encoding problem are not taken (the text ended there).
      if (decoder.failure) break;
      const headerWidth = Array.isArray(info.columns) ? info.columns.length : 0;
      yield { line: info.lines, record, inconsistent: (info.error as CsvError | undefined)?.code === 'CSV_RECORD_INCONSISTENT_COLUMNS', numeric: NONE, headerWidth };
    }
  } catch (err) {
    // A quote left open where the text ended: the encoding problem is the one to tell.
    throw decoder.failure ?? err;
  }
  if (decoder.failure) throw decoder.failure;
}

async function* sheetRows(input: Readable): AsyncGenerator<TableRow> {
  let headerWidth = 0;
  const header = (names: string[]) => {
    const checked = checkHeader(names);
    headerWidth = checked.length;
    return checked;
  };
  for await (const row of xlsxRows(input, header)) yield { ...row, inconsistent: false, headerWidth };
}

/** Adds one row to its household; returns the NDJSON of the household it closes, if any. */
function takeRow(reading: Reading, { line, record, inconsistent, numeric, headerWidth }: TableRow, state: ReadState): string {
  const externalRef = (record.externalRef ?? '').trim();
  if (externalRef === '') {
    // Not attributable: rejected alone. Between two rows of one household it was most likely
    // one of its members, so that household is then held back too.
    reject(state, line, `missing ${missingColumns(record, [...HOUSEHOLD_REQUIRED, ...ROW_REQUIRED]).join(', ')}`);
    reading.unattributed ??= line;
    return '';
  }
  const previous = reading.group;
  const continuing = previous !== null && previous.externalRef === externalRef;
  if (continuing && reading.unattributed !== null && previous.spoiledBy === null) previous.spoiledBy = reading.unattributed;
  reading.unattributed = null;
  const closed = !continuing && previous !== null ? finishGroup(previous, state) : '';
  const group = continuing ? previous : newGroup(externalRef);
  reading.group = group;
  group.lines.push(line);
  const row = checkRow(record, { inconsistent, numeric, headerWidth }, continuing);
  if (row.problems.length > 0) {
    reject(state, line, row.problems.join('; '), row.code);
    group.rejectedLines.add(line);
    group.spoiledBy ??= line;
  } else addMember(group, record, row, continuing);
  return closed;
}

function newGroup(externalRef: string): Group {
  return { externalRef, applicationRef: '', regionCode: '', members: [], declaredAssets: null, lines: [], spoiledBy: null, rejectedLines: new Set() };
}

function addMember(group: Group, record: CsvRecord, row: RowCheck, continuing: boolean): void {
  if (!continuing) {
    group.applicationRef = record.applicationRef!.trim();
    group.regionCode = record.regionCode!.trim();
    group.declaredAssets = row.declaredAssets;
  }
  group.members.push({
    idNumber: record.idNumber!.trim(),
    name: record.name!.trim(),
    relation: record.relation!.trim().toUpperCase(),
    ...(row.income !== undefined ? { declaredMonthlyIncome: row.income } : {}),
    ...(row.incomeByKind !== undefined ? { declaredIncome: row.incomeByKind } : {}),
  });
}

/** The household's NDJSON line, or nothing when one of its rows was rejected (its other rows are then listed too). */
function finishGroup(group: Group, state: ReadState): string {
  if (group.spoiledBy !== null) {
    for (const line of group.lines) if (!group.rejectedLines.has(line)) reject(state, line, `not sent: line ${group.spoiledBy} of household ${group.externalRef} was rejected`);
    return '';
  }
  state.csvLineOf.push(group.lines[0]!);
  const household = { regionCode: group.regionCode, externalRef: group.externalRef, members: group.members, ...(group.declaredAssets ? { declaredAssets: group.declaredAssets } : {}) };
  return `${JSON.stringify({ applicationRef: group.applicationRef, household })}\n`;
}
