import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline, type Transform } from 'node:stream';
import { CsvError, parse as parseCsv, type InfoRecord } from 'csv-parse';
import { DecodeToUtf8, FileEncodingError, xlsxRows } from '../batch-files/index.js';
import { UsageError } from '../cli/index.js';

/** One consent as a line of the file gives it; what it leaves out comes from the command line. */
export interface ConsentDraft {
  idNumber: string;
  name: string;
  purposes?: string;
  validFrom?: string;
  validUntil?: string;
  documentSha256?: string;
  /** The signed form's file, relative to the input file's folder: uploaded, then referenced by its hash. */
  document?: string;
  guardianIdNumber?: string;
  guardianName?: string;
  /** The ID number was a numeric cell of a sheet: a spreadsheet's number, its last digits lost. */
  idNumberWasNumber?: boolean;
}

/** A line's consents, or why the line could not be read. */
export type FileLine = { line: number; drafts: ConsentDraft[] } | { line: number; error: string };

const FIELDS = ['idNumber', 'name', 'purposes', 'validFrom', 'validUntil', 'documentSha256', 'document', 'guardianIdNumber', 'guardianName'] as const;
type Field = (typeof FIELDS)[number];

/**
 * The lines of a CSV or .xlsx (header row; one consent per row; a CSV in GBK/GB18030 converted) or JSON Lines file (a consent object, or a
 * batch line `{applicationRef, household: {members, supporters}}`, whose every member and
 * supporter needs one), streamed, with their line numbers. Columns of the batch CSV that a consent
 * does not use are ignored (`onIgnored` names them once), so the batch file itself can be imported.
 */
export async function* readConsentLines(file: string, format: 'csv' | 'jsonl' | 'xlsx', counter: Transform, onIgnored: (columns: string[]) => void): AsyncGenerator<FileLine> {
  try {
    if (format === 'xlsx') yield* sheetLines(file, counter, onIgnored);
    else yield* format === 'csv' ? csvLines(file, counter, onIgnored) : jsonLines(file, counter);
  } catch (err) {
    if (err instanceof FileEncodingError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
}

function headerCheck(file: string, onIgnored: (columns: string[]) => void) {
  return (names: string[]) => {
    const trimmed = names.map((n) => n.trim());
    for (const required of ['idNumber', 'name'] as const) if (!trimmed.includes(required)) throw new UsageError(`${file}: the header lacks column ${required} (columns: ${FIELDS.join(',')})`);
    const ignored = trimmed.filter((n) => !(FIELDS as readonly string[]).includes(n));
    if (ignored.length > 0) onIgnored(ignored);
    return trimmed;
  };
}

async function* sheetLines(file: string, counter: Transform, onIgnored: (columns: string[]) => void): AsyncGenerator<FileLine> {
  pipeline(createReadStream(file), counter, () => undefined);
  for await (const row of xlsxRows(counter, headerCheck(file, onIgnored))) {
    yield { line: row.line, drafts: [{ ...pick(row.record), ...(row.numeric.has('idNumber') ? { idNumberWasNumber: true } : {}) }] };
  }
}

async function* csvLines(file: string, counter: Transform, onIgnored: (columns: string[]) => void): AsyncGenerator<FileLine> {
  const parser = parseCsv({ columns: headerCheck(file, onIgnored), bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true });
  const decoder = new DecodeToUtf8();
  pipeline(createReadStream(file), counter, decoder, parser, () => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: InfoRecord }>) {
      if (decoder.failure) break;
      if (info.error) {
        yield { line: info.lines, error: 'has a different number of fields than the header' };
        continue;
      }
      yield { line: info.lines, drafts: [pick(record)] };
    }
  } catch (err) {
    if (decoder.failure) throw decoder.failure;
    if (err instanceof UsageError) throw err;
    if (err instanceof CsvError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  if (decoder.failure) throw decoder.failure;
}

async function* jsonLines(file: string, counter: Transform): AsyncGenerator<FileLine> {
  const decoder = new DecodeToUtf8();
  pipeline(createReadStream(file), counter, decoder, () => undefined);
  let line = 0;
  for await (const raw of createInterface({ input: decoder, crlfDelay: Infinity })) {
    line += 1;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line, error: 'not valid JSON' };
      continue;
    }
    yield { line, ...draftsOf(value) };
  }
  if (decoder.failure) throw decoder.failure;
}

/** A consent object, or a batch line's members and supporters. */
function draftsOf(value: unknown): { drafts: ConsentDraft[] } | { error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not a JSON object' };
  const household = (value as { household?: unknown }).household;
  if (household === undefined) return { drafts: [pick(value as Record<string, unknown>)] };
  if (typeof household !== 'object' || household === null) return { error: 'household: not an object' };
  const { members, supporters } = household as { members?: unknown; supporters?: unknown };
  const persons = [...(Array.isArray(members) ? members : []), ...(Array.isArray(supporters) ? supporters : [])];
  if (persons.length === 0) return { error: 'household: no members' };
  if (persons.some((p) => typeof p !== 'object' || p === null)) return { error: 'household.members: each member is an object' };
  return { drafts: persons.map((p) => pick(p as Record<string, unknown>)) };
}

/** The consent fields of a row or object, as trimmed strings (a JSON list of purposes joined); empty ones left out. */
function pick(source: Record<string, unknown>): ConsentDraft {
  const draft: Partial<Record<Field, string>> = {};
  for (const field of FIELDS) {
    const v = source[field];
    const text = Array.isArray(v) ? v.join(';') : typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
    if (text !== '') draft[field] = text;
  }
  return { ...draft, idNumber: draft.idNumber ?? '', name: draft.name ?? '', ...(typeof source.idNumber === 'number' ? { idNumberWasNumber: true } : {}) };
}
