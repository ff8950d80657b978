import path from 'node:path';
import { runCli, UsageError } from '../cli/index.js';
import { readJwks, readText } from './cli-files.js';
import { reportKeysDir, verifyReportJws } from './index.js';

const HELP = `usage: npm run -s verify-report -- FILE [--jwks JWKS_FILE]

Checks a signed report offline: FILE holds the compact JWS (the report's signature { jws }) or a
JSON object with a "jws" string (an API answer saved as it is). The public keys come from
--jwks, default REPORT_KEYS_DIR/jwks.json (.data/report-keys/jwks.json), also served by the hub at
/.well-known/jwks.json.

options:
  --jwks FILE   the JWKS with the hub's public report keys
  -h, --help    this text

examples:
  npm run -s verify-report -- /tmp/report.jws --jwks .data/report-keys/jwks.json
  curl -s http://127.0.0.1:4000/.well-known/jwks.json > jwks.json && npm run -s verify-report -- report.json --jwks jwks.json

prints: valid: report <id> signed with key <kid>, sha256 <hash>   or   invalid: <check>: <why>
exit codes: 0 valid; 1 invalid; 2 could not check (bad command line, unreadable file or JWKS).`;

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

await runCli({
  name: 'verify-report',
  help: HELP,
  options: { jwks: { type: 'string' } },
  positionals: true,
  // Exit 1 means "the report is invalid": an error that stopped the check itself is not that.
  exitCodeOf: () => 2,
  async run({ values, positionals }) {
    if (positionals.length !== 1) throw new UsageError(`expected one FILE, got ${positionals.length} (verify-report --help: usage)`);
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
  },
});
