import { accessSync, constants, statSync } from 'node:fs';
import { extname } from 'node:path';
import { PURPOSES } from '../catalog/index.js';
import { readSecret, UsageError, type ParsedValues } from '../cli/index.js';
import { parseInstant } from '../validation/index.js';

export const DEFAULT_HUB = 'http://127.0.0.1:4000';
const USAGE = '(consents --help: usage)';

export const OPTIONS = {
  document: { type: 'string' },
  purposes: { type: 'string' },
  'valid-from': { type: 'string' },
  'valid-until': { type: 'string' },
  format: { type: 'string' },
  hub: { type: 'string' },
  'token-file': { type: 'string' },
  token: { type: 'string' },
} as const;

/** What a line leaves out, taken from the command line. */
export interface Defaults {
  /** The signed form's file, uploaded once, for lines naming no document. */
  document: string | null;
  purposes: string[] | null;
  validFrom: string | null;
  validUntil: string | null;
}

export interface ImportArgs {
  file: string;
  format: 'csv' | 'jsonl' | 'xlsx';
  defaults: Defaults;
  /** The hub's base URL, without `/graphql` or a trailing slash. */
  hub: string;
  token: string;
}

/** Checks the whole command line, each problem named with its option (exit code 2 through UsageError). */
export function checkCommandLine(values: ParsedValues<typeof OPTIONS>, positionals: string[]): ImportArgs {
  const [command, file, ...extra] = positionals;
  if (command === undefined) throw new UsageError(`a command is required (import) ${USAGE}`);
  if (command !== 'import') throw new UsageError(`${JSON.stringify(command)}: unknown command (known: import) ${USAGE}`);
  if (file === undefined) throw new UsageError(`FILE: required, the CSV or JSON Lines file of consents ${USAGE}`);
  if (extra.length > 0) throw new UsageError(`${JSON.stringify(extra[0])}: unexpected argument (one FILE per import) ${USAGE}`);
  const format = formatOf(values.format, file);
  const defaults: Defaults = {
    document: values.document ?? null,
    purposes: values.purposes === undefined ? null : purposesOf(values.purposes, '--purposes'),
    validFrom: values['valid-from'] === undefined ? null : dateOf(values['valid-from'], '--valid-from'),
    validUntil: values['valid-until'] === undefined ? null : dateOf(values['valid-until'], '--valid-until'),
  };
  // --hub, else HUB_URL (set once for a shell or a cron job), else the local hub.
  const hub = hubOf(values.hub ?? (process.env.HUB_URL?.trim() || DEFAULT_HUB));
  checkReadable(file, file);
  if (defaults.document !== null) checkReadable(defaults.document, `--document ${defaults.document}`);
  // Last: the warning about a token on the command line comes only when the rest is right.
  const token = readSecret({ command: 'consents', fileOption: '--token-file', file: values['token-file'], env: 'HUB_TOKEN', inlineOption: '--token', inline: values.token });
  if (token === null) throw new UsageError('a token is required: set HUB_TOKEN or pass --token-file FILE (a bearer token with the verifier or assistance-system role)');
  return { file, format, defaults, hub, token };
}

/** Purposes as a list: `NEW_APPLICATION;PERIODIC_REVIEW` (`;`, `,` or `|` between them). */
export function purposesOf(text: string, label: string): string[] {
  const list = text.split(/[;,|]/).map((p) => p.trim().toUpperCase()).filter((p) => p !== '');
  const unknown = list.find((p) => !(PURPOSES as readonly string[]).includes(p));
  if (list.length === 0 || unknown !== undefined) throw new UsageError(`${label} ${JSON.stringify(text)}: ${unknown === undefined ? 'empty' : `${JSON.stringify(unknown)} is not a purpose`} (purposes: ${PURPOSES.join(', ')})`);
  return list;
}

function dateOf(text: string, label: string): string {
  try {
    parseInstant(text, label);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return text;
}

function formatOf(option: string | undefined, file: string): ImportArgs['format'] {
  const f = (option ?? extname(file).slice(1)).toLowerCase();
  if (f === 'csv') return 'csv';
  if (f === 'jsonl' || f === 'ndjson') return 'jsonl';
  if (f === 'xlsx') return 'xlsx';
  if (option !== undefined) throw new UsageError(`--format ${JSON.stringify(option)}: use csv, xlsx or jsonl`);
  throw new UsageError(`${file}: cannot tell the format from the extension ${JSON.stringify(extname(file))}; name it .csv, .xlsx, .jsonl or .ndjson, or pass --format csv|xlsx|jsonl`);
}

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

export function checkReadable(file: string, label: string): void {
  try {
    if (!statSync(file).isFile()) throw new UsageError(`${label}: not a regular file`);
    accessSync(file, constants.R_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${label}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable' : (err as Error).message}`);
  }
}
