import path from 'node:path';
import { parseArgs } from 'node:util';
import { readJwks, readText, UsageError } from './cli-files.js';
import { reportKeysDir, verifyReportJws } from './index.js';

const USAGE = 'usage: npm run -s verify-report -- FILE [--jwks JWKS_FILE]';

function parse() {
  try {
    return parseArgs({ options: { jwks: { type: 'string' } }, strict: true, allowPositionals: true });
  } catch (err) {
    // parseArgs names the option in its message (unknown option, missing value).
    throw new UsageError(`${(err as Error).message}; ${USAGE}`);
  }
}

/** The file holds the compact JWS itself or a JSON object with a `jws` string (e.g. an API answer). */
function jwsOf(text: string): string | { error: string } {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { error: 'the file starts with "{" but is not JSON' };
  }
  const jws = (value as { jws?: unknown }).jws;
  return typeof jws === 'string' ? jws.trim() : { error: 'the file is a JSON object without a "jws" string field' };
}

/** Printable ASCII ids as they are; anything else quoted, so that the output stays one line. */
function shownId(id: unknown): string {
  if (typeof id === 'string' && /^[\x21-\x7e]{1,200}$/.test(id)) return id;
  return id === undefined ? '(no id)' : (JSON.stringify(id) ?? String(id)).slice(0, 200);
}

/** `npm run -s verify-report -- FILE [--jwks JWKS_FILE]`: exit 0 valid, 1 invalid, 2 usage. */
async function run(): Promise<void> {
  const { values, positionals } = parse();
  if (positionals.length !== 1) throw new UsageError(`expected one FILE, got ${positionals.length}; ${USAGE}`);
  const [file = ''] = positionals;
  const jwksFile = values.jwks ?? path.join(reportKeysDir(), 'jwks.json');
  const jwksLabel = values.jwks === undefined ? `JWKS file ${jwksFile} (REPORT_KEYS_DIR; or pass --jwks)` : `--jwks ${values.jwks}`;
  const text = await readText(file, file);
  const jwks = await readJwks(jwksFile, jwksLabel);

  const jws = jwsOf(text);
  const result = typeof jws === 'string' ? await verifyReportJws(jws, jwks) : { valid: false as const, check: 'MALFORMED' as const, message: jws.error };
  if (result.valid) {
    const id = typeof result.payload === 'object' && result.payload !== null ? (result.payload as { id?: unknown }).id : undefined;
    console.log(`valid: report ${shownId(id)} signed with key ${result.kid}, sha256 ${result.payloadSha256}`);
  } else {
    console.log(`invalid: ${result.check}: ${result.message}`);
    process.exitCode = 1;
  }
}

run().catch((err: unknown) => {
  console.error(`verify-report: ${err instanceof Error ? err.message : String(err)}`);
  // Exit 1 means "the report is invalid": an error that stopped the check itself is not that.
  process.exitCode = 2;
});
