import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { runCli, UsageError } from '../cli/index.js';
import { compareCheckpoints, parseCheckpointFile, verifyAuditBundle, verifyAuditChain } from '../audit/index.js';
import { createDb, describeUrl } from '../db/index.js';
import { readJwks, readText, reportKeysDir } from '../signing/index.js';

const HELP = `usage: npm run -s verify-audit -- --checkpoints FILE [--jwks JWKS_FILE] [--after N]
       npm run -s verify-audit -- --bundle FILE [--jwks JWKS_FILE]

Checks the audit log in DATABASE_URL against checkpoints kept outside the database (the hub's
AUDIT_CHECKPOINT_FILE, or GET /audit/checkpoints saved to a file): every event recomputed, every
checkpoint's signature verified with the JWKS (default: REPORT_KEYS_DIR/jwks.json), and the heads
each checkpoint signed found unchanged in the log.
  --after N   start after checkpoint N of the file (checked before): only newer events are read.
  --bundle    checks an auditor's export (POST /audit/export, format bundle) offline, without the
              database: its signature, each event's hash, and the chain from each event to the
              checkpoint that signed its chain's head.
  --jwks FILE the JWKS with the hub's public report keys (default REPORT_KEYS_DIR/jwks.json)
  -h, --help  this text
Reads the database from DATABASE_URL (default postgres://postgres@127.0.0.1:5432/verification_hub).
Exit 0: intact; 1: broken (the event or checkpoint where it breaks is named); 2: could not check.

examples: npm run -s verify-audit -- --checkpoints .data/audit-checkpoints.jsonl
          npm run -s verify-audit -- --bundle audit-2026-11-27.jws --jwks jwks.json`;

async function checkBundle(file: string, jwks: JSONWebKeySet): Promise<void> {
  const check = await verifyAuditBundle((await readText(file, `--bundle ${file}`)).trim(), jwks);
  if (check.ok) {
    const pending = check.unanchored.length > 0 ? `; ${check.unanchored.length} newer than every checkpoint in the bundle (covered by its signature only): ${check.unanchored.join(', ')}` : '';
    console.log(`intact: ${check.events} events, ${check.anchored} anchored to signed checkpoints${pending}`);
    return;
  }
  for (const p of check.problems) console.log(`BROKEN: ${p}`);
  process.exitCode = 1;
}

const OPTIONS = { checkpoints: { type: 'string' }, bundle: { type: 'string' }, jwks: { type: 'string' }, after: { type: 'string' } } as const;

async function run({ values }: { values: { checkpoints?: string; bundle?: string; jwks?: string; after?: string } }): Promise<void> {
  const jwksFile = values.jwks ?? path.join(reportKeysDir(), 'jwks.json');
  const jwks = await readJwks(jwksFile, values.jwks === undefined ? `JWKS file ${jwksFile} (REPORT_KEYS_DIR; or pass --jwks)` : `--jwks ${values.jwks}`);
  if (values.bundle !== undefined) {
    if (values.checkpoints !== undefined) throw new UsageError('--bundle and --checkpoints: one at a time (verify-audit --help: usage)');
    return checkBundle(values.bundle, jwks);
  }
  if (!values.checkpoints) throw new UsageError('--checkpoints FILE or --bundle FILE is required (verify-audit --help: usage)');
  const after = values.after === undefined ? undefined : Number(values.after);
  if (after !== undefined && !(Number.isSafeInteger(after) && after > 0)) throw new UsageError(`--after ${values.after}: a checkpoint number (1 or more)`);
  const { checkpoints, errors } = parseCheckpointFile(await readText(values.checkpoints, `--checkpoints ${values.checkpoints}`));
  if (errors.length > 0) throw new UsageError(`--checkpoints ${values.checkpoints}: ${errors.join('; ')}`);
  if (checkpoints.length === 0) throw new UsageError(`--checkpoints ${values.checkpoints}: no checkpoint in the file`);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/verification_hub';
  const db = createDb(url, { min: 0, max: 1 });
  try {
    const check = await verifyAuditChain(db, { jwks, checkpoints, ...(after === undefined ? { from: 'START' as const } : { startAfter: after }) });
    const differences = await compareCheckpoints(db, checkpoints);
    const numbers = checkpoints.map((c) => c.number);
    if (check.ok && differences.length === 0) {
      console.log(`intact: ${describeUrl(url)}: ${check.checked} events checked${after === undefined ? ' from the start' : ` after checkpoint ${after}`}, against checkpoints ${Math.min(...numbers)} to ${Math.max(...numbers)}`);
      return;
    }
    if (!check.ok) console.log(`BROKEN${check.brokenAt === null ? '' : ` at event ${check.brokenAt}`}${check.checkpoint === null ? '' : ` (checkpoint ${check.checkpoint})`}: ${check.reason}`);
    for (const d of differences) console.log(`BROKEN: ${d}`);
    process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}

// Exit 1 means "the log is broken": an error that stopped the check itself is not that.
await runCli({ name: 'verify-audit', help: HELP, options: OPTIONS, exitCodeOf: () => 2, run });
