import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { verifyAuditChain } from '../src/audit/index.js';
import { catalog } from '../src/catalog/index.js';
import { createDb, dropDatabase, ensureDatabase, migrateLatest, syncReferenceData } from '../src/db/index.js';
import { openReportKeyRing } from '../src/signing/index.js';
import { benchDatabaseUrl } from './isolation.js';

/**
 * `npm run bench audit-append -- [--processes 4] [--seconds 10] [--concurrency 4]`: audit events
 * appended per second by several processes at once, each event in its own transaction (as reads
 * and refusals are recorded), with one chain (every append of the province queued on one lock, as
 * before issue 14) and with AUDIT_CHAINS chains, side by side in one run; then the chains checked.
 */
const { values } = parseArgs({ options: { processes: { type: 'string', default: '4' }, seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '4' }, chains: { type: 'string', default: '8' } } });
const processes = Number(values.processes);
const durationMs = Number(values.seconds) * 1000;
const run = promisify(execFile);

async function round(chains: number): Promise<{ perSecond: number; checked: number; checkMs: number }> {
  // Isolated by environment: DATABASE_URL's server, a database of this run and round of its own.
  const url = benchDatabaseUrl(`bench_audit_${chains}`);
  await ensureDatabase(url);
  const owner = createDb(url, { min: 0, max: 2 });
  try {
    await migrateLatest(owner);
    await syncReferenceData(owner, catalog());
    const env = { ...process.env, DATABASE_URL: url, AUDIT_CHAINS: String(chains), DURATION_MS: String(durationMs), CONCURRENCY: values.concurrency };
    const outputs = await Promise.all(Array.from({ length: processes }, () => run('npx', ['tsx', 'bench/audit-append-worker.ts'], { env })));
    const appended = outputs.reduce((sum, o) => sum + (JSON.parse(o.stdout.trim().split('\n').at(-1)!) as { appended: number }).appended, 0);
    const keys = await openReportKeyRing(mkdtempSync(join(tmpdir(), 'bench-audit-keys-')));
    const started = performance.now();
    const check = await verifyAuditChain(owner, { jwks: keys.jwks(), from: 'START' });
    if (!check.ok) throw new Error(`chain broken after the run: ${check.reason}`);
    return { perSecond: appended / (durationMs / 1000), checked: check.checked, checkMs: performance.now() - started };
  } finally {
    await owner.destroy();
    await dropDatabase(url);
  }
}

const chains = Number(values.chains);
console.log(`audit appends: ${processes} processes x ${values.concurrency} writers, ${values.seconds} s per round, one event per transaction`);
const one = await round(1);
console.log(`  1 chain  (one lock):  ${one.perSecond.toFixed(0)} appends/s  (chain check: ${one.checked} events in ${one.checkMs.toFixed(0)} ms)`);
const many = await round(chains);
console.log(`  ${chains} chains:            ${many.perSecond.toFixed(0)} appends/s  (chain check: ${many.checked} events in ${many.checkMs.toFixed(0)} ms)`);
console.log(`  ratio: ${(many.perSecond / one.perSecond).toFixed(2)}x`);
