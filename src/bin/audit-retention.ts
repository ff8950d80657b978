import path from 'node:path';
import { runCli, UsageError } from '../cli/index.js';
import { purgeAuditEvents, RetentionRefused } from '../audit/index.js';
import { createDb, describeUrl } from '../db/index.js';
import { readJwks, reportKeysDir } from '../signing/index.js';

const HELP = `usage: npm run -s audit-retention -- --checkpoint N --keep-days DAYS --actor NAME --org CODE --reason TEXT [--jwks JWKS_FILE]

Deletes the audit events before the heads signed checkpoint N names, once that checkpoint is at
least DAYS old (the archive rule you apply), and records the purge: a retention record and an
audit.retention event on the chain. The only way events leave the log; run it as the database
owner (DATABASE_URL), since the hub's role may not. Keep the exported checkpoints: verify-audit
starts from checkpoint N afterwards.

options:
  --checkpoint N    the signed checkpoint before whose heads events are deleted
  --keep-days DAYS  how old that checkpoint must be at least
  --actor NAME      who purges (recorded), --org CODE their organisation's region code
  --reason TEXT     why (recorded)
  --jwks FILE       the JWKS that verifies the checkpoint (default REPORT_KEYS_DIR/jwks.json)
  -h, --help        this text
exit codes: 0 purged; 2 bad command line or purge refused (checkpoint too young, unsigned); 1 other failure.

example: npm run -s audit-retention -- --checkpoint 1200 --keep-days 1825 --actor zhang.wei --org 370000 --reason "5-year archive rule"`;

function required(values: Partial<Record<string, string>>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required (audit-retention --help: usage)`);
  return value.trim();
}

const OPTIONS = { checkpoint: { type: 'string' }, 'keep-days': { type: 'string' }, actor: { type: 'string' }, org: { type: 'string' }, reason: { type: 'string' }, jwks: { type: 'string' } } as const;

async function run({ values }: { values: Partial<Record<keyof typeof OPTIONS, string>> }): Promise<void> {
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

await runCli({ name: 'audit-retention', help: HELP, options: OPTIONS, exitCodeOf: (err) => (err instanceof RetentionRefused ? 2 : 1), run });
