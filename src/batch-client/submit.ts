import { statSync } from 'node:fs';
import { parseCommandLine, type Args } from './args.js';
import { csvBody } from './csv-body.js';
import { ServerError, UsageError } from './errors.js';
import { jsonlBody } from './file-bytes.js';
import { progressBar } from './progress.js';
import { newReadState, sortedRejections, toFileLines, type ReadState } from './rejections.js';
import { upload, type UploadAnswer } from './upload.js';
import { waitForBatch } from './wait.js';

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
export async function runBatchCli(argv: string[]): Promise<void> {
  try {
    await submit(argv);
  } catch (err) {
    console.error(`batch: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
}

async function submit(argv: string[]): Promise<void> {
  const args = parseCommandLine(argv);
  const state = newReadState();
  const answer = await uploadFile(args, state);
  const rejected = sortedRejections([...state.rejected, ...toFileLines(args, state, answer.rejected)]);
  const rejectedCount = state.rejectedCount + answer.rejectedCount;
  process.stdout.write(`${JSON.stringify({ batchId: answer.batchId, accepted: answer.accepted, rejected, ...(rejectedCount > rejected.length ? { rejectedCount } : {}) })}\n`);

  if (!args.wait) return;
  const batch = await waitForBatch(args, answer.batchId);
  process.stdout.write(`${JSON.stringify({ batchId: answer.batchId, status: batch.status, total: batch.total, counts: batch.counts })}\n`);
  if (batch.status !== 'DONE' || batch.counts.failed > 0) process.exitCode = 1;
}

/** Reads and sends the file with an upload bar; a refusal names what was rejected on the way. */
async function uploadFile(args: Args, state: ReadState): Promise<UploadAnswer> {
  const bar = progressBar('upload', 'bytes');
  const onBytes = (total: number) => bar.update(total);
  const body = (args.format === 'csv' ? csvBody(args.file, onBytes, state) : jsonlBody(args.file, onBytes))[Symbol.asyncIterator]();
  bar.start(statSync(args.file).size);
  try {
    // The first piece is read before connecting: a CSV header that does not fit is a usage error.
    const first = await body.next();
    return await upload(args, body, first);
  } catch (err) {
    throw withRejections(err, args, state);
  } finally {
    bar.stop();
  }
}

/** The hub refused the whole upload: its message, with what was rejected on the way. */
function withRejections(err: unknown, args: Args, state: ReadState): unknown {
  const count = err instanceof ServerError ? state.rejectedCount + err.rejectedCount : 0;
  if (!(err instanceof ServerError) || count === 0) return err;
  const firstOne = sortedRejections([...state.rejected, ...toFileLines(args, state, err.rejected)])[0];
  return new ServerError(`${err.message} (${count} line(s) rejected${firstOne ? `, first line ${firstOne.line}: ${firstOne.reason}` : ''})`);
}
