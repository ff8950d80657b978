import { accessSync, constants, statSync } from 'node:fs';
import { extname } from 'node:path';
import { PURPOSES } from '../catalog/index.js';
import { readSecret, type ParsedValues } from '../cli/index.js';
import { UsageError } from './errors.js';

const USAGE = '(batch --help: usage)';
export const DEFAULT_HUB = 'http://127.0.0.1:4000';

export const OPTIONS = {
  purpose: { type: 'string' },
  format: { type: 'string' },
  'chunk-size': { type: 'string' },
  hub: { type: 'string' },
  'token-file': { type: 'string' },
  token: { type: 'string' },
  wait: { type: 'boolean', default: false },
} as const;

export interface Args {
  file: string;
  format: 'csv' | 'jsonl' | 'xlsx';
  purpose: string;
  chunkSize: number | null;
  /** The hub's base URL, without `/graphql` or a trailing slash. */
  hub: string;
  token: string;
  wait: boolean;
}

/** Checks the whole command line, each problem named with its option (exit code 2 through UsageError). */
export function checkCommandLine(values: ParsedValues<typeof OPTIONS>, positionals: string[]): Args {
  const file = fileArgument(positionals);
  const format = formatOf(values.format, file);
  const purpose = purposeOf(values.purpose);
  const chunkSize = chunkSizeOf(values['chunk-size']);
  // --hub, else HUB_URL (set once for a shell or a cron job), else the local hub.
  const hub = hubOf(values.hub ?? (process.env.HUB_URL?.trim() || DEFAULT_HUB));
  // Checked after the flags, so a bad flag is reported even when the file is missing too.
  checkReadable(file);
  // Last: the warning about a token on the command line comes only when the rest is right.
  const token = readSecret({ command: 'batch', fileOption: '--token-file', file: values['token-file'], env: 'HUB_TOKEN', inlineOption: '--token', inline: values.token });
  if (token === null) throw new UsageError('a token is required: set HUB_TOKEN or pass --token-file FILE (a bearer token with the verifier or assistance-system role)');
  return { file, format, purpose, chunkSize, hub, token, wait: values.wait ?? false };
}

function fileArgument(positionals: string[]): string {
  const [command, file, ...extra] = positionals;
  if (command === undefined) throw new UsageError(`a command is required (submit) ${USAGE}`);
  if (command !== 'submit') throw new UsageError(`${JSON.stringify(command)}: unknown command (known: submit) ${USAGE}`);
  if (file === undefined) throw new UsageError(`FILE: required, the CSV or JSON Lines file of households ${USAGE}`);
  if (extra.length > 0) throw new UsageError(`${JSON.stringify(extra[0])}: unexpected argument (one FILE per submission) ${USAGE}`);
  return file;
}

/** `--format` when given, else the file's extension. */
function formatOf(option: string | undefined, file: string): Args['format'] {
  if (option !== undefined) {
    const f = option.toLowerCase();
    if (f === 'csv') return 'csv';
    if (f === 'jsonl' || f === 'ndjson') return 'jsonl';
    if (f === 'xlsx') return 'xlsx';
    throw new UsageError(`--format ${JSON.stringify(option)}: use csv, jsonl or xlsx`);
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.xls') throw new UsageError(`${file}: the old Excel format (.xls) is not read; save it as .xlsx or as CSV UTF-8`);
  throw new UsageError(`${file}: cannot tell the format from the extension ${JSON.stringify(ext)}; name it .csv, .xlsx, .jsonl or .ndjson, or pass --format csv|xlsx|jsonl`);
}

function purposeOf(option: string | undefined): string {
  if (option === undefined) throw new UsageError(`--purpose: required, one of ${PURPOSES.join(', ')}`);
  if (!(PURPOSES as readonly string[]).includes(option)) throw new UsageError(`--purpose ${JSON.stringify(option)}: unknown purpose (one of ${PURPOSES.join(', ')})`);
  return option;
}

function chunkSizeOf(option: string | undefined): number | null {
  if (option === undefined) return null;
  const chunkSize = /^\d{1,4}$/.test(option) ? Number(option) : NaN;
  if (!(chunkSize >= 1 && chunkSize <= 1_000)) throw new UsageError(`--chunk-size ${JSON.stringify(option)}: a whole number from 1 to 1000`);
  return chunkSize;
}

/** The hub's base URL: accepts `.../graphql` and trailing slashes too. */
function hubOf(option: string): string {
  let hub: URL;
  try {
    hub = new URL(option);
  } catch {
    throw new UsageError(`--hub ${JSON.stringify(option)}: not a URL (e.g. ${DEFAULT_HUB})`);
  }
  if (hub.protocol !== 'http:' && hub.protocol !== 'https:') throw new UsageError(`--hub ${JSON.stringify(option)}: use an http:// or https:// URL`);
  return hub.href.replace(/\/+$/, '').replace(/\/graphql$/, '');
}

function checkReadable(file: string): void {
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${file}: not a regular file`);
    accessSync(file, constants.R_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : (err as Error).message}`);
  }
}
