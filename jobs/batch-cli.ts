import { accessSync, constants, createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { ReadableStream } from 'node:stream/web';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { CsvError, parse as parseCsv, type InfoRecord } from 'csv-parse';
import { PURPOSES } from '../src/catalog/index.js';

/**
 * `npm run -s batch -- submit FILE --purpose PERIODIC_REVIEW [--format csv|jsonl] [--chunk-size N]
 * [--hub http://127.0.0.1:4000] [--token T | env HUB_TOKEN] [--wait]`
 *
 * Streams a CSV or JSON Lines file of households to the hub's `POST /batches` (never the whole file
 * in memory), prints `{ batchId, accepted, rejected }` as one JSON line on stdout and, with
 * `--wait`, the batch's final counts once it has finished. Progress bars go to stderr when it is a
 * terminal. Exit codes: 0 done, 1 server error or a batch that ended CANCELLED or with FAILED
 * households, 2 bad command line or unreadable file.
 */

const USAGE = 'usage: batch submit FILE --purpose PURPOSE [--format csv|jsonl] [--chunk-size N] [--hub URL] [--token T] [--wait]';
const DEFAULT_HUB = 'http://127.0.0.1:4000';
const MAX_REJECTED_LISTED = 1_000;
/** NDJSON is sent in pieces of about this size (a CSV file is converted as it is read). */
const SEND_BYTES = 64 * 1024;
const POLL_MS = 1_000;

const CSV_COLUMNS = ['applicationRef', 'regionCode', 'externalRef', 'idNumber', 'name', 'relation', 'declaredMonthlyIncome', 'deposits', 'vehicles', 'properties', 'businesses'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
/** Needed on every row (the household's first row also needs HOUSEHOLD_REQUIRED). */
const ROW_REQUIRED: CsvColumn[] = ['externalRef', 'idNumber', 'name', 'relation'];
const HOUSEHOLD_REQUIRED: CsvColumn[] = ['applicationRef', 'regionCode'];

/** A bad command line or input file: one line, exit code 2. */
class UsageError extends Error {}
/** The hub refused or failed: one line with its message, exit code 1. */
class ServerError extends Error {
  constructor(
    message: string,
    /** Lines the hub rejected before it refused the whole upload (none when refused early). */
    readonly rejected: Rejected[] = [],
    readonly rejectedCount = 0,
  ) {
    super(message);
  }
}

interface Rejected {
  line: number;
  reason: string;
}

interface Args {
  file: string;
  format: 'csv' | 'jsonl';
  purpose: string;
  chunkSize: number | null;
  hub: string;
  token: string;
  wait: boolean;
}

function parseCommandLine(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        purpose: { type: 'string' },
        format: { type: 'string' },
        'chunk-size': { type: 'string' },
        hub: { type: 'string', default: DEFAULT_HUB },
        token: { type: 'string' },
        wait: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    // parseArgs names the option in its message (unknown option, missing value).
    throw new UsageError(`${(err as Error).message}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command, file, ...extra] = positionals;
  if (command === undefined) throw new UsageError(`a command is required; ${USAGE}`);
  if (command !== 'submit') throw new UsageError(`${JSON.stringify(command)}: unknown command (known: submit); ${USAGE}`);
  if (file === undefined) throw new UsageError(`FILE: required, the CSV or JSON Lines file of households; ${USAGE}`);
  if (extra.length > 0) throw new UsageError(`${JSON.stringify(extra[0])}: unexpected argument (one FILE per submission); ${USAGE}`);

  let format: Args['format'];
  if (values.format !== undefined) {
    const f = values.format.toLowerCase();
    if (f === 'csv') format = 'csv';
    else if (f === 'jsonl' || f === 'ndjson') format = 'jsonl';
    else throw new UsageError(`--format ${JSON.stringify(values.format)}: use csv or jsonl`);
  } else {
    const ext = extname(file).toLowerCase();
    if (ext === '.csv') format = 'csv';
    else if (ext === '.jsonl' || ext === '.ndjson') format = 'jsonl';
    else throw new UsageError(`${file}: cannot tell the format from the extension ${JSON.stringify(ext)}; name it .csv, .jsonl or .ndjson, or pass --format csv|jsonl`);
  }

  if (values.purpose === undefined) throw new UsageError(`--purpose: required, one of ${PURPOSES.join(', ')}`);
  if (!(PURPOSES as readonly string[]).includes(values.purpose)) throw new UsageError(`--purpose ${JSON.stringify(values.purpose)}: unknown purpose (one of ${PURPOSES.join(', ')})`);

  let chunkSize: number | null = null;
  if (values['chunk-size'] !== undefined) {
    chunkSize = /^\d{1,4}$/.test(values['chunk-size']) ? Number(values['chunk-size']) : NaN;
    if (!(chunkSize >= 1 && chunkSize <= 1_000)) throw new UsageError(`--chunk-size ${JSON.stringify(values['chunk-size'])}: a whole number from 1 to 1000`);
  }

  let hub: URL;
  try {
    hub = new URL(values.hub);
  } catch {
    throw new UsageError(`--hub ${JSON.stringify(values.hub)}: not a URL (e.g. ${DEFAULT_HUB})`);
  }
  if (hub.protocol !== 'http:' && hub.protocol !== 'https:') throw new UsageError(`--hub ${JSON.stringify(values.hub)}: use an http:// or https:// URL`);

  const token = values.token ?? process.env.HUB_TOKEN ?? '';
  if (token.trim() === '') throw new UsageError('--token: required (or set HUB_TOKEN), a bearer token with the requestVerification and readReport roles');

  // Checked last, so a bad flag is reported even when the file is missing too.
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${file}: not a regular file`);
    accessSync(file, constants.R_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : (err as Error).message}`);
  }

  // The hub's base URL: accept `.../graphql` and trailing slashes too.
  const base = hub.href.replace(/\/+$/, '').replace(/\/graphql$/, '');
  return { file, format, purpose: values.purpose, chunkSize, hub: base, token: token.trim(), wait: values.wait };
}

function size(bytes: number): string {
  if (bytes < 1_024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${(bytes / 1_024).toFixed(1)} KiB`;
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

/** Progress on stderr, only when stderr is a terminal (a log file gets no bar). */
function progressBar(label: string, unit: 'bytes' | 'households'): { start(total: number): void; update(value: number, left?: number | null): void; stop(): void } {
  if (!process.stderr.isTTY) return { start: () => undefined, update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: process.stderr,
    // The hub's own estimate of the time left (secondsLeft) is shown for verification.
    format: `${label} |{bar}| {percentage}% | {value}/{total}${unit === 'bytes' ? '' : ' households{left}'}`,
    formatValue: (value, _options, type) => (unit === 'bytes' && (type === 'value' || type === 'total') ? size(value) : String(value)),
    hideCursor: true,
    barsize: 30,
    etaBuffer: 20,
  });
  let started = false;
  return {
    start(total) {
      bar.start(Math.max(total, 1), 0, { left: '' });
      started = true;
    },
    update(value, left) {
      if (started) bar.update(value, { left: left === null || left === undefined ? '' : ` | about ${Math.ceil(left)}s left` });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Passes file bytes on, telling how many have been read so far. */
function counting(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}

/** A JSON Lines file goes as it is: the hub numbers and checks its lines. */
async function* jsonlBody(file: string, onBytes: (total: number) => void): AsyncGenerator<Uint8Array> {
  const counter = counting(onBytes);
  pipeline(createReadStream(file), counter, () => undefined);
  for await (const chunk of counter) yield chunk as Buffer;
}

interface CsvState {
  rejected: Rejected[];
  rejectedCount: number;
  /** The CSV line of each NDJSON line sent (index = NDJSON line - 1): maps the hub's rejections back. */
  csvLineOf: number[];
}

interface Member {
  idNumber: string;
  name: string;
  relation: string;
  declaredMonthlyIncome?: number;
}

interface Group {
  externalRef: string;
  applicationRef: string;
  regionCode: string;
  members: Member[];
  declaredAssets: Partial<Record<'deposits' | 'vehicles' | 'properties' | 'businesses', number>> | null;
  lines: number[];
  /** The first of its rows that was rejected: the household is then not sent at all. */
  spoiledBy: number | null;
  rejectedLines: Set<number>;
}

function reject(state: CsvState, line: number, reason: string): void {
  state.rejectedCount += 1;
  if (state.rejected.length < MAX_REJECTED_LISTED) state.rejected.push({ line, reason });
}

/** A number cell: '' is absent; anything else must be a number (a whole one when `integer`). */
function numberCell(record: Record<string, string>, column: CsvColumn, integer: boolean): number | undefined | string {
  const text = (record[column] ?? '').trim();
  if (text === '') return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return `${column}: not a number`;
  if (integer && !Number.isInteger(value)) return `${column}: not a whole number`;
  return value;
}

function checkHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new UsageError(`unknown column(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')} in the header (columns: ${CSV_COLUMNS.join(',')})`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new UsageError(`column ${JSON.stringify(twice)} appears twice in the header`);
  const missing = [...HOUSEHOLD_REQUIRED, ...ROW_REQUIRED].filter((c) => !names.includes(c));
  if (missing.length > 0) throw new UsageError(`the header lacks column(s) ${missing.join(', ')} (columns: ${CSV_COLUMNS.join(',')})`);
  return names;
}

/**
 * CSV, one row per member: consecutive rows with the same externalRef are one household, its
 * household-level columns taken from its first row. A bad row is reported with its line number
 * and its household is not sent (a household missing a member would be assessed wrongly).
 */
async function* csvBody(file: string, onBytes: (total: number) => void, state: CsvState): AsyncGenerator<Uint8Array> {
  const parser = parseCsv({ columns: checkHeader, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true });
  pipeline(createReadStream(file), counting(onBytes), parser, () => undefined);
  let headerWidth = 0;
  let pending = '';
  let group: Group | null = null;
  /** A row without externalRef since the last attributable row. */
  let unattributed: number | null = null;

  const finish = (g: Group): string => {
    if (g.spoiledBy !== null) {
      for (const line of g.lines) if (!g.rejectedLines.has(line)) reject(state, line, `not sent: line ${g.spoiledBy} of household ${g.externalRef} was rejected`);
      return '';
    }
    state.csvLineOf.push(g.lines[0]!);
    const household = { regionCode: g.regionCode, externalRef: g.externalRef, members: g.members, ...(g.declaredAssets ? { declaredAssets: g.declaredAssets } : {}) };
    return `${JSON.stringify({ applicationRef: g.applicationRef, household })}\n`;
  };

  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: InfoRecord & { columns?: unknown[] } }>) {
      const { record, info } = item;
      const line = info.lines;
      if (headerWidth === 0) headerWidth = Array.isArray(info.columns) ? info.columns.length : 0;
      const externalRef = (record.externalRef ?? '').trim();
      if (externalRef === '') {
        // Not attributable: rejected alone. Between two rows of one household it was most likely
        // one of its members, so that household is then held back too.
        const missing = [...HOUSEHOLD_REQUIRED, ...ROW_REQUIRED].filter((c) => (record[c] ?? '').trim() === '');
        reject(state, line, `missing ${missing.join(', ')}`);
        unattributed ??= line;
        continue;
      }
      const continuing = group !== null && group.externalRef === externalRef;
      if (continuing && unattributed !== null && group!.spoiledBy === null) group!.spoiledBy = unattributed;
      unattributed = null;
      if (!continuing && group !== null) pending += finish(group);
      if (!continuing) group = { externalRef, applicationRef: '', regionCode: '', members: [], declaredAssets: null, lines: [], spoiledBy: null, rejectedLines: new Set() };
      const g = group!;
      g.lines.push(line);

      const problems: string[] = [];
      const csvError = info.error as CsvError | undefined;
      if (csvError?.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') problems.push(`has a different number of fields than the header (${headerWidth})`);
      const missing = [...(continuing ? [] : HOUSEHOLD_REQUIRED), ...ROW_REQUIRED].filter((c) => (record[c] ?? '').trim() === '');
      if (missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
      const income = numberCell(record, 'declaredMonthlyIncome', false);
      if (typeof income === 'string') problems.push(income);
      const assets = continuing ? [] : (['deposits', 'vehicles', 'properties', 'businesses'] as const).map((c) => [c, numberCell(record, c, c !== 'deposits')] as const);
      for (const [, v] of assets) if (typeof v === 'string') problems.push(v);

      if (problems.length > 0) {
        reject(state, line, problems.join('; '));
        g.rejectedLines.add(line);
        g.spoiledBy ??= line;
        continue;
      }
      if (!continuing) {
        g.applicationRef = record.applicationRef!.trim();
        g.regionCode = record.regionCode!.trim();
        const given = assets.filter((a): a is readonly [(typeof a)[0], number] => typeof a[1] === 'number');
        g.declaredAssets = given.length > 0 ? Object.fromEntries(given) : null;
      }
      g.members.push({ idNumber: record.idNumber!.trim(), name: record.name!.trim(), relation: record.relation!.trim().toUpperCase(), ...(typeof income === 'number' ? { declaredMonthlyIncome: income } : {}) });
      if (pending.length >= SEND_BYTES) {
        yield Buffer.from(pending);
        pending = '';
      }
    }
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${file}: ${err.message}`);
    if (err instanceof CsvError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  if (group !== null) pending += finish(group);
  if (pending.length > 0) yield Buffer.from(pending);
}

interface UploadAnswer {
  batchId: string;
  accepted: number;
  rejected: Rejected[];
  rejectedCount: number;
}

interface ErrorAnswer {
  error?: { code?: string; message?: string; field?: string | null };
  errors?: { message?: string }[];
  rejected?: Rejected[];
  rejectedCount?: number;
}

function describeFetchError(err: unknown, hub: string): ServerError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return new ServerError(`cannot reach the hub at ${hub}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function upload(args: Args, body: AsyncIterator<Uint8Array>, first: IteratorResult<Uint8Array>): Promise<UploadAnswer> {
  let bodyError: unknown;
  async function* pieces(): AsyncGenerator<Uint8Array> {
    try {
      if (first.done) return;
      yield first.value;
      for (let next = await body.next(); !next.done; next = await body.next()) yield next.value;
    } catch (err) {
      // Kept to report it as it is: fetch only says that the body failed.
      bodyError = err;
      throw err;
    }
  }
  const stream = ReadableStream.from(pieces());
  const query = new URLSearchParams({ purpose: args.purpose, ...(args.chunkSize !== null ? { chunkSize: String(args.chunkSize) } : {}) });
  let res: Response;
  try {
    res = await fetch(`${args.hub}/batches?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${args.token}` },
      body: stream,
      duplex: 'half',
    });
  } catch (err) {
    if (bodyError !== undefined) throw bodyError;
    throw describeFetchError(err, args.hub);
  }
  const answer = (await readJson(res).catch(() => null)) as (UploadAnswer & ErrorAnswer) | null;
  if (bodyError !== undefined) throw bodyError;
  if (res.status !== 201 || !answer || typeof answer.batchId !== 'string') {
    const e = answer?.error;
    const message = e?.message ? `${e.code ?? 'ERROR'}: ${e.message}` : (answer?.errors?.[0]?.message ?? `HTTP ${res.status}${res.status === 404 ? ` (no batch upload at ${args.hub}/batches)` : ''}`);
    throw new ServerError(message, answer?.rejected ?? [], answer?.rejectedCount ?? 0);
  }
  return answer;
}

interface BatchView {
  status: string;
  total: number;
  secondsLeft: number | null;
  counts: { queued: number; done: number; refused: number; failed: number; cancelled: number };
}

const BATCH_QUERY = 'query($id: ID!) { batch(id: $id) { status total secondsLeft counts { queued done refused failed cancelled } } }';

async function readBatch(args: Args, id: string): Promise<BatchView> {
  let res: Response;
  try {
    res = await fetch(`${args.hub}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${args.token}` },
      body: JSON.stringify({ query: BATCH_QUERY, variables: { id } }),
    });
  } catch (err) {
    throw describeFetchError(err, args.hub);
  }
  const body = (await readJson(res)) as { data?: { batch?: BatchView } | null; errors?: { message?: string; extensions?: { code?: string } }[] } | null;
  const error = body?.errors?.[0];
  if (error) throw new ServerError(`${error.extensions?.code ? `${error.extensions.code}: ` : ''}${error.message ?? 'error'}`);
  if (!body?.data?.batch) throw new ServerError(`HTTP ${res.status} from ${args.hub}/graphql`);
  return body.data.batch;
}

async function waitForBatch(args: Args, id: string): Promise<BatchView> {
  const bar = progressBar('verify', 'households');
  let started = false;
  try {
    for (;;) {
      const batch = await readBatch(args, id);
      if (!started) {
        bar.start(batch.total);
        started = true;
      }
      bar.update(batch.counts.done + batch.counts.refused + batch.counts.failed, batch.secondsLeft);
      if (batch.status === 'DONE' || batch.status === 'CANCELLED') return batch;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    bar.stop();
  }
}

/** The hub numbers the NDJSON lines it received; for a CSV file these are mapped back to its lines. */
function toFileLines(args: Args, state: CsvState, rejected: Rejected[]): Rejected[] {
  return args.format === 'csv' ? rejected.map((r) => ({ line: state.csvLineOf[r.line - 1] ?? r.line, reason: r.reason })) : rejected;
}

function sortedRejections(list: Rejected[]): Rejected[] {
  return [...list].sort((a, b) => a.line - b.line).slice(0, MAX_REJECTED_LISTED);
}

async function run(): Promise<void> {
  const args = parseCommandLine(process.argv.slice(2));
  const size = statSync(args.file).size;
  const bar = progressBar('upload', 'bytes');
  const state: CsvState = { rejected: [], rejectedCount: 0, csvLineOf: [] };
  const onBytes = (total: number) => bar.update(total);
  const body = (args.format === 'csv' ? csvBody(args.file, onBytes, state) : jsonlBody(args.file, onBytes))[Symbol.asyncIterator]();
  bar.start(size);
  let answer: UploadAnswer;
  try {
    // The first piece is read before connecting: a CSV header that does not fit is a usage error.
    const first = await body.next();
    answer = await upload(args, body, first);
  } catch (err) {
    // The hub refused the whole upload: its message, with what was rejected on the way.
    const count = err instanceof ServerError ? state.rejectedCount + err.rejectedCount : 0;
    if (err instanceof ServerError && count > 0) {
      const firstOne = sortedRejections([...state.rejected, ...toFileLines(args, state, err.rejected)])[0];
      throw new ServerError(`${err.message} (${count} line(s) rejected${firstOne ? `, first line ${firstOne.line}: ${firstOne.reason}` : ''})`);
    }
    throw err;
  } finally {
    bar.stop();
  }

  const rejected = sortedRejections([...state.rejected, ...toFileLines(args, state, answer.rejected)]);
  const rejectedCount = state.rejectedCount + answer.rejectedCount;
  process.stdout.write(`${JSON.stringify({ batchId: answer.batchId, accepted: answer.accepted, rejected, ...(rejectedCount > rejected.length ? { rejectedCount } : {}) })}\n`);

  if (!args.wait) return;
  const batch = await waitForBatch(args, answer.batchId);
  process.stdout.write(`${JSON.stringify({ batchId: answer.batchId, status: batch.status, total: batch.total, counts: batch.counts })}\n`);
  if (batch.status !== 'DONE' || batch.counts.failed > 0) process.exitCode = 1;
}

run().catch((err: unknown) => {
  console.error(`batch: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
