import { createInterface, type Interface } from 'node:readline';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import express, { type Request, type Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { auditRefusal } from '../audit/index.js';
import type { Caller, TokenVerifier } from '../auth/index.js';
import { newReadState, tableBody, tableProblem, type ReadState } from '../batch-client/index.js';
import { DecodeToUtf8, ID_NUMBER_SCIENTIFIC_NOTATION, isSpreadsheetNumber, spreadsheetNumberMessage } from '../batch-files/index.js';
import { MAX_FILE_HOUSEHOLDS, submitBatch, type BatchHousehold, type ChunkEnqueuer } from '../batches/index.js';
import { HubError } from '../errors/index.js';
import type { Quotas } from '../quotas/index.js';
import type { SecurityLog } from '../security-log/index.js';
import { requestCaller } from './console-session.js';
import { httpStatusOf, logRefusal } from './http-refusal.js';

export interface BatchUploadOptions {
  db: Knex;
  verifier: TokenVerifier;
  queue: ChunkEnqueuer;
  /** Chunk size when the request names none. */
  chunkSize: number;
  /** Most households one upload may hold (good lines); over it nothing is queued. */
  limit?: number;
  /** Longest line accepted, in bytes; a longer one is rejected without being held in memory. */
  maxLineBytes?: number;
  /** Most bytes one upload may have (BATCH_MAX_BYTES); over it: 413 and nothing queued. */
  maxBytes?: number;
  /** The organisation's batch quota (src/quotas). */
  quotas?: Quotas;
  /** Where refusals of authentication, input and quota are recorded (src/security-log). */
  securityLog?: SecurityLog;
}

export interface RejectedLine {
  line: number;
  reason: string;
  /** A stable code when one names the refusal (ID_NUMBER_SCIENTIFIC_NOTATION). */
  code?: string;
}

/** Rejected lines listed in a response; `rejectedCount` counts them all. */
export const MAX_REJECTED_LISTED = 1_000;
export const MAX_LINE_BYTES = 1_048_576;
/** Default cap on one upload's bytes: 100,000 households of ~2.5 KB each (BATCH_MAX_BYTES). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

/**
 * Passes bytes through until `max` have come, then ends its output and drops the rest: the line
 * count alone would let a file of few, huge lines (each up to 1 MiB) or endless blank lines in.
 */
class ByteCap extends Transform {
  private seen = 0;
  exceeded = false;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.exceeded) return done();
    this.seen += chunk.length;
    if (this.seen <= this.max) return done(null, chunk);
    this.exceeded = true;
    this.push(null);
    done();
  }
}

const tooLarge = (max: number) => new HubError('BAD_USER_INPUT', `body: at most ${max} bytes per upload (BATCH_MAX_BYTES); nothing was queued`, { field: 'body' });

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines']);
/**
 * A CSV or .xlsx file as a person has it (the console's upload), converted to households by the
 * batch CLI's own conversion (src/batch-client tableBody): rows of one household grouped, a bad row
 * rejected with its line (row) and its household held back, line numbers those of the file.
 */
const TABLE_TYPES = new Map<string, 'csv' | 'xlsx'>([
  ['text/csv', 'csv'],
  ['application/csv', 'csv'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
]);

/** The households of a CSV or .xlsx body as NDJSON; a file that cannot be read further is kept in `failure`, not thrown mid-stream. */
function tableHouseholds(input: Readable, format: 'csv' | 'xlsx', state: ReadState): { ndjson: Readable; failure: () => unknown } {
  let failure: unknown = null;
  async function* converted(): AsyncGenerator<Uint8Array> {
    try {
      yield* tableBody(input, format, state);
    } catch (err) {
      failure = err;
    }
  }
  return { ndjson: Readable.from(converted()), failure: () => failure };
}

// The shape GraphQL's HouseholdInput would enforce (types only): values are checked when each
// household is verified and refused one by one with the single path's codes.
const nullableNumber = z.number().nullable().optional();
const nullableInt = z.number().int().nullable().optional();
const person = { idNumber: z.string(), name: z.string(), relation: z.string() };
const declaredIncome = z.strictObject({ wage: nullableNumber, business: nullableNumber, pension: nullableNumber, property: nullableNumber, transfer: nullableNumber, other: nullableNumber }).nullable().optional();
const declaredAssets = z.strictObject({
  deposits: nullableNumber,
  depositsByBank: z.array(z.strictObject({ bank: z.string(), amount: z.number() })).nullable().optional(),
  wealthProducts: nullableNumber,
  funds: nullableNumber,
  securities: nullableNumber,
  housingFund: nullableNumber,
  insuranceCashValue: nullableNumber,
  businessCapital: nullableNumber,
  land: nullableNumber,
  vehicles: nullableInt,
  properties: nullableInt,
  businesses: nullableInt,
});
const lineSchema = z.strictObject({
  applicationRef: z.string().max(64),
  household: z.strictObject({
    regionCode: z.string(),
    externalRef: z.string(),
    members: z.array(z.strictObject({ ...person, declaredMonthlyIncome: nullableNumber, declaredIncome })),
    declaredAssets: declaredAssets.nullable().optional(),
    supporters: z.array(z.strictObject(person)).nullable().optional(),
  }),
});

/** A line cut short by LineLengthGuard ends with this (a NUL never appears in valid JSON). */
const TOO_LONG = '\u0000';

/**
 * Passes bytes through unchanged, except that a line longer than `max` bytes is cut at the limit,
 * marked with TOO_LONG and its remainder dropped: no line held downstream grows past the limit.
 */
class LineLengthGuard extends Transform {
  private run = 0;
  private skipping = false;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(0x0a, from);
      const stop = nl === -1 ? chunk.length : nl;
      if (this.skipping) {
        // The remainder of a cut line: dropped up to and including its newline (already emitted).
        if (nl !== -1) this.skipping = false;
      } else if (this.run + (stop - from) > this.max) {
        this.push(`${TOO_LONG}\n`);
        this.skipping = nl === -1;
        this.run = 0;
      } else {
        this.push(chunk.subarray(from, nl === -1 ? chunk.length : nl + 1));
        this.run = nl === -1 ? this.run + (stop - from) : 0;
      }
      from = nl === -1 ? chunk.length : nl + 1;
    }
    done();
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
}

/**
 * The first ID number a spreadsheet turned into a number (a JSON number, or text like 3.70102E+17):
 * caught at upload by name, since as a household it would only fail its check digit later.
 */
function spreadsheetNumberIn(value: object): RejectedReason | null {
  const household = (value as { household?: { members?: unknown; supporters?: unknown } }).household;
  for (const list of ['members', 'supporters'] as const) {
    const persons = household?.[list];
    if (!Array.isArray(persons)) continue;
    const i = persons.findIndex((p: unknown) => typeof p === 'object' && p !== null && isSpreadsheetNumber((p as { idNumber?: unknown }).idNumber));
    if (i !== -1) return { reason: spreadsheetNumberMessage(`household.${list}[${i}].idNumber`), code: ID_NUMBER_SCIENTIFIC_NOTATION };
  }
  return null;
}

type RejectedReason = Omit<RejectedLine, 'line'>;

/** Why a line is not a household, or null when it is one. Reasons never quote the line (ID numbers). */
function checkLine(text: string, maxLineBytes: number): { household: BatchHousehold } | RejectedReason {
  if (text.endsWith(TOO_LONG)) return { reason: `longer than ${maxLineBytes} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    return { reason: `not valid JSON${at === undefined ? '' : ` (at character ${Number(at) + 1})`}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'not a JSON object: each line is {"applicationRef": ..., "household": {...}}' };
  const mangled = spreadsheetNumberIn(value);
  if (mangled) return mangled;
  const parsed = lineSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${pathOf(i.path) || '(line)'}: ${i.message}`);
    const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    return { reason: issues.join('; ') + more };
  }
  return { household: parsed.data };
}

function sendError(res: Response, status: number, err: { code: string; message: string; field: string | null; line?: number }, extra: Record<string, unknown> = {}): void {
  res.status(status).set('cache-control', 'no-store').json({ error: err, ...extra });
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * `POST /batches?purpose=P[&chunkSize=N]` with an NDJSON body, one `{applicationRef, household}`
 * per line, read line by line as it arrives (never the whole body). Malformed lines are skipped and
 * reported; good ones are stored as they come. Mount it before any body parser.
 */
export function batchUploadRouter(options: BatchUploadOptions): express.Router {
  const limit = options.limit ?? MAX_FILE_HOUSEHOLDS;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
  const router = express.Router();

  router.post('/batches', async (req: Request, res: Response, next) => {
    let caller: Caller | null = null;
    const rejected: RejectedLine[] = [];
    let rejectedCount = 0;
    let accepted = 0;
    let reading = false;
    // For a CSV or .xlsx body: the rows the conversion rejected, and the file line of each household.
    const fileState = newReadState();
    /** Every rejected line, by the file's line numbers (a CSV or .xlsx body: its rows, not the households made of them). */
    const allRejected = (): { rejected: RejectedLine[]; rejectedCount: number } => {
      if (fileState.csvLineOf.length === 0 && fileState.rejectedCount === 0) return { rejected, rejectedCount };
      const mapped = rejected.map((r) => ({ ...r, line: fileState.csvLineOf[r.line - 1] ?? r.line }));
      return { rejected: [...fileState.rejected, ...mapped].sort((a, b) => a.line - b.line).slice(0, MAX_REJECTED_LISTED), rejectedCount: rejectedCount + fileState.rejectedCount };
    };
    try {
      caller = await requestCaller(options.verifier, req);
      const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const table = TABLE_TYPES.get(type);
      if (!NDJSON_TYPES.has(type) && !table) {
        sendError(res, 415, { code: 'BAD_USER_INPUT', message: `content-type: send application/x-ndjson (one JSON object per line), text/csv or an .xlsx file, not ${JSON.stringify(type || 'nothing')}`, field: 'content-type' });
        return;
      }
      const purpose = single(req.query.purpose);
      if (purpose === undefined) throw new HubError('BAD_USER_INPUT', 'purpose: required once in the query string (?purpose=PERIODIC_REVIEW)', { field: 'purpose' });
      const size = req.query.chunkSize === undefined ? String(options.chunkSize) : single(req.query.chunkSize);
      if (size === undefined || !/^\d{1,4}$/.test(size)) throw new HubError('BAD_USER_INPUT', 'chunkSize: must be a whole number from 1 to 1000', { field: 'chunkSize' });

      // A declared length over the cap is refused before a byte is read; a body without one is counted.
      if (Number(req.header('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes);
      if (options.quotas) await options.quotas.around('batch', caller, 'POST /batches', async () => undefined);
      const cap = new ByteCap(maxBytes);
      const guard = new LineLengthGuard(maxLineBytes);
      // GBK/GB18030 (a file saved by Excel on Chinese Windows) is converted; a body in neither that
      // nor UTF-8 is refused naming the line, rather than names stored as replacement characters.
      const decoder = new DecodeToUtf8();
      // pipeline: a client that goes away mid-upload errors the guard, and so the line reader.
      // Until lines are read, backpressure holds the body in the socket.
      const converted = table ? tableHouseholds(cap, table, fileState) : null;
      if (converted) {
        pipeline(req, cap, () => undefined);
        pipeline(converted.ndjson, decoder, guard, () => undefined);
      } else pipeline(req, cap, decoder, guard, () => undefined);
      const badFile = () => {
        const problem = converted ? tableProblem(converted.failure()) : null;
        return problem ? new HubError('BAD_USER_INPUT', `body: ${problem.message}; nothing was queued`, { field: 'body', line: problem.line ?? 1 }) : null;
      };
      const badEncoding = () => {
        const err = decoder.failure;
        return err ? new HubError('BAD_USER_INPUT', `body: ${err.message}; nothing was queued`, { field: 'body', line: err.line }) : null;
      };
      let lines: Interface | undefined;
      async function* households(): AsyncGenerator<BatchHousehold> {
        reading = true;
        // Made on the first read: readline emits lines as soon as it exists, listened to or not.
        lines = createInterface({ input: guard, crlfDelay: Infinity });
        yield* checkedLines(lines);
        if (cap.exceeded) throw tooLarge(maxBytes);
        const unreadable = badFile();
        if (unreadable) throw unreadable;
        if (converted && converted.failure() !== null) throw converted.failure();
        const encoding = badEncoding();
        if (encoding) throw encoding;
        // readline also ends when the connection closes early: a cut-off upload must not be queued.
        if (!req.complete) throw new Error('request body ended before it was complete');
      }
      async function* checkedLines(input: Interface): AsyncGenerator<BatchHousehold> {
        let n = 0;
        for await (const raw of input) {
          if (cap.exceeded) throw tooLarge(maxBytes);
          // Lines after an encoding problem are not read (the text ended there).
          if (decoder.failure) break;
          n += 1;
          const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
          if (text.trim() === '') continue;
          const checked = checkLine(text, maxLineBytes);
          if ('reason' in checked) {
            rejectedCount += 1;
            if (rejected.length < MAX_REJECTED_LISTED) rejected.push({ line: n, ...checked });
            continue;
          }
          accepted += 1;
          yield checked.household;
        }
      }
      let batchId: string;
      try {
        batchId = await submitBatch(options.db, options.queue, caller, households(), { purpose, chunkSize: Number(size), limit });
      } finally {
        // Whatever was not read (a refusal mid-body) is drained, so the client can read the answer.
        lines?.close();
        guard.resume();
      }
      res.status(201).set('cache-control', 'no-store').json({ batchId, accepted, ...allRejected() });
    } catch (err) {
      // A client that went away mid-upload gets no answer; its batch was discarded.
      if (!(err instanceof HubError)) return req.destroyed && !req.complete ? undefined : next(err);
      const code = String(err.extensions.code);
      const field = typeof err.extensions.field === 'string' ? err.extensions.field : null;
      logRefusal(options.securityLog, req, err, 'POST /batches', caller);
      // A quota refusal is audited by src/quotas, once a minute per caller.
      if (caller && code !== 'RATE_LIMITED') await auditRefusal(options.db, { action: 'batch.submit', actor: caller, error: err, via: 'file upload' });
      if (typeof err.extensions.retryAfterSeconds === 'number') res.set('retry-after', String(err.extensions.retryAfterSeconds));
      // The body over BATCH_MAX_BYTES is 413; a body refused at a line (its encoding) is 400.
      const overLimit = (field === 'households' && accepted > limit) || (field === 'body' && err.extensions.line === undefined);
      // The line of a file refused at a line (its encoding, its header, a quote): the console shows it apart from the message.
      const line = typeof err.extensions.line === 'number' ? { line: err.extensions.line } : {};
      sendError(res, overLimit ? 413 : httpStatusOf(err), { code, message: err.message, field, ...line }, reading && !overLimit ? allRejected() : {});
    }
  });
  return router;
}
