import { statSync } from 'node:fs';
import { PURPOSES } from '../catalog/index.js';
import { runCli } from '../cli/index.js';
import { checkCommandLine, DEFAULT_HUB, OPTIONS, type Args } from './args.js';
import { csvBody } from './csv-body.js';
import { ServerError } from './errors.js';
import { jsonlBody } from './file-bytes.js';
import { progressBar } from '../cli/index.js';
import { newReadState, sortedRejections, toFileLines, type ReadState } from './rejections.js';
import { upload, type UploadAnswer } from './upload.js';
import { waitForBatch } from './wait.js';

function helpText(): string {
  return `usage: npm run -s batch -- submit FILE --purpose PURPOSE [--wait] [--format csv|xlsx|jsonl] [--chunk-size N] [--hub URL] [--token-file FILE]

Streams a file of households to a running hub (POST /batches), never holding the whole file in
memory: CSV or .xlsx with one row per member (rows of one household consecutive, same externalRef)
or JSON Lines, one {"applicationRef", "household"} per line (docs/BATCHES.md). A CSV in GBK/GB18030
(Excel's default on Chinese Windows) is converted; an ID number Excel turned into a number
(3.70102E+17) is refused with its line and the code ID_NUMBER_SCIENTIFIC_NOTATION. Every member needs a
registered consent first: npm run -s consents -- import FILE. Prints one JSON line
{ batchId, accepted, rejected: [{ line, reason }] } and, with --wait, one more with the final counts.
Progress bars go to stderr when it is a terminal.

options:
  --purpose P        ${PURPOSES.join(', ')}
  --wait             follow the batch until it is done and print its counts
  --format F         csv, xlsx or jsonl (default: from the extension .csv, .xlsx, .jsonl, .ndjson)
  --chunk-size N     households per chunk, 1 to 1000 (default: the hub's BATCH_CHUNK_SIZE)
  --hub URL          the hub (default HUB_URL, else ${DEFAULT_HUB})
  --token-file FILE  a file holding the bearer token; otherwise HUB_TOKEN is read
  -h, --help         this text
A token on the command line (--token) still works but every user of the machine sees it in ps.

examples:
  export HUB_TOKEN=$(npm run -s token -- --role verifier --role assistance-system --org 370102)
  npm run -s batch -- submit households.csv --purpose PERIODIC_REVIEW --wait
  npm run -s batch -- submit households.jsonl --purpose NEW_APPLICATION --hub https://hub.example --token-file ~/.hub-token

exit codes: 0 done; 1 the hub refused or failed, or the batch ended CANCELLED or with FAILED households;
2 bad command line or unreadable file.`;
}

/**
 * `npm run -s batch -- submit FILE ...` (help above): streams a CSV or JSON Lines file of households
 * to the hub's `POST /batches` and, with `--wait`, follows the batch to its end.
 */
export async function runBatchCli(argv: string[]): Promise<void> {
  await runCli({ name: 'batch', help: helpText(), options: OPTIONS, positionals: true, run: ({ values, positionals }) => submit(checkCommandLine(values, positionals)) }, argv);
}

async function submit(args: Args): Promise<void> {
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
  const body = (args.format === 'jsonl' ? jsonlBody(args.file, onBytes) : csvBody(args.file, args.format, onBytes, state))[Symbol.asyncIterator]();
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
