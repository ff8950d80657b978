import path from 'node:path';
import { parseArgs } from 'node:util';
import { purgeAuditEvents, RetentionRefused } from '../audit/index.js';
import { createDb, describeUrl } from '../db/index.js';
import { readJwks, reportKeysDir, UsageError } from '../signing/index.js';

const USAGE = `usage: npm run -s audit-retention -- --checkpoint N --keep-days DAYS --actor NAME --org CODE --reason TEXT [--jwks JWKS_FILE]

Deletes the audit events before the heads signed checkpoint N names, once that checkpoint is at
least DAYS old (the archive rule you apply), and records the purge: a retention record and an
audit.retention event on the chain. The only way events leave the log; run it as the database
owner (DATABASE_URL), since the hub's role may not. Keep the exported checkpoints: verify-audit
starts from checkpoint N afterwards.

example: npm run -s audit-retention -- --checkpoint 1200 --keep-days 1825 --actor zhang.wei --org 370000 --reason "5-year archive rule"`;

function parse() {
  try {
    return parseArgs({
      options: { checkpoint: { type: 'string' }, 'keep-days': { type: 'string' }, actor: { type: 'string' }, org: { type: 'string' }, reason: { type: 'string' }, jwks: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required\n${USAGE}`);
  return value.trim();
}

async function run(): Promise<void> {
  const { values } = parse();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const checkpoint = Number(required(values, 'checkpoint'));
  const keepDays = Number(required(values, 'keep-days'));
  const org = required(values, 'org');
  if (!/^\d{6}$/.test(org)) throw new UsageError(`--org ${org}: a 6-digit region code`);
  if (!Number.isSafeInteger(checkpoint) || checkpoint < 1) throw new UsageError(`--checkpoint: a checkpoint number`);
  const jwksFile = values.jwks ?? path.join(reportKeysDir(), 'jwks.json');
  const jwks = await readJwks(jwksFile, values.jwks === undefined ? `JWKS file ${jwksFile} (REPORT_KEYS_DIR; or pass --jwks)` : `--jwks ${values.jwks}`);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/verification_hub';
  const db = createDb(url, { min: 0, max: 1 });
  try {
    const done = await purgeAuditEvents(db, { checkpoint, keepDays, actor: { sub: required(values, 'actor'), org }, reason: required(values, 'reason'), jwks });
    console.log(`${describeUrl(url)}: ${done.deleted} audit events before checkpoint ${checkpoint} deleted; the purge is on the chain as audit.retention`);
  } finally {
    await db.destroy();
  }
}

run().catch((err: unknown) => {
  console.error(`audit-retention: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof UsageError || err instanceof RetentionRefused ? 2 : 1;
});
