// The hub measured as `npm start` runs it: production mode before anything loads graphql-js (src/bin/production-mode.ts).
import '../src/bin/index.js';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ensureDevKeys, signDevToken } from '../src/auth/index.js';
import { catalog } from '../src/catalog/index.js';
import { loadConfig } from '../src/config.js';
import { dropDatabase } from '../src/db/index.js';
import { createLogger } from '../src/logging/index.js';
import { startHub } from '../src/startup/index.js';
import { householdConsents, uploadConsentForm } from './consents.js';
import { registeredHouseholds, verificationInput } from './households.js';
import { benchDatabaseUrl } from './isolation.js';
import { startSandboxProcess } from './sandbox-process-client.js';

/**
 * bench:verify: full-household verifications (4 members, every attribute NEW_APPLICATION allows)
 * against the sandbox with no added latency. The sandbox runs in a child process so that the
 * CPU time measured here is the hub's.
 */
const { values: args } = parseArgs({ options: { count: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '16' } } });
const count = Number(args.count);
const concurrency = Number(args.concurrency);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const sandbox = await startSandboxProcess();
// Isolated by environment: the PostgreSQL and Redis servers of DATABASE_URL and REDIS_URL (defaults
// as the hub's), but a database and a queue prefix of this run's own, so it runs beside a live hub.
const databaseUrl = benchDatabaseUrl('hub_bench');
const keysDir = mkdtempSync(join(tmpdir(), 'hub-bench-keys-'));
const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
const hub = await startHub(
  loadConfig({ DATABASE_URL: databaseUrl, ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}), PORT: '0', SANDBOX: 'off', SOURCE_BASE_URL: sandbox.url, LOG_LEVEL: 'silent', AUTH_DEV_KEYS_DIR: keysDir, REPORT_KEYS_DIR: join(keysDir, 'reports'), DATA_KEYS_DIR: join(keysDir, 'data'), QUEUE_PREFIX: `bench-${process.pid}`, SOURCE_CONCURRENCY: '64', REQUEST_DEADLINE_MS: '30000' }),
  quiet,
);
try {
  const token = await signDevToken(await ensureDevKeys(keysDir), { sub: 'bench', org: '370000', roles: ['verifier', 'assistance-system'], ttlSeconds: 3600 });
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(hub.server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data!;
  };

  const households = await registeredHouseholds(sandbox.url, 20);
  const documentSha256 = await uploadConsentForm(hub.server.url, token, 'signed consent form (bench)');
  for (const h of households) {
    await gql('mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: householdConsents(h.members, documentSha256, 'NEW_APPLICATION', '2028-01-01') });
  }
  const query = `mutation($input: VerificationInput!) { requestVerification(input: $input) {
    id status members { idNumber attributes { code value unit source asOf } } sources { source status latencyMs } discrepancies { kind severity verified } } }`;
  const verify = async (n: number) => {
    const started = performance.now();
    await gql(query, { input: verificationInput(households[n % households.length]!, `BENCH-${n}`) });
    return performance.now() - started;
  };

  // Warm-up: JIT, connection pools, prepared catalogue paths.
  for (let i = 0; i < 20; i++) await verify(i);
  await hub.verification.settled();
  await fetch(`${sandbox.url}/sandbox/stats/reset`, { method: 'POST' });

  let statements = 0;
  const countStatement = () => void (statements += 1);
  hub.db.on('query', countStatement);
  const cpuBefore = process.cpuUsage();
  const sequential: number[] = [];
  for (let i = 0; i < count; i++) sequential.push(await verify(i));
  await hub.verification.settled();
  const cpu = process.cpuUsage(cpuBefore);
  hub.db.off('query', countStatement);
  const stats = (await (await fetch(`${sandbox.url}/sandbox/stats`)).json()) as Record<string, { calls: number; polls: number }>;
  const calls = Object.values(stats).reduce((s, x) => s + x.calls, 0);
  const sourcesNeeded = catalog().sources.filter((s) => catalog().attributesOf(s.id).some((a) => a.purposes.includes('NEW_APPLICATION'))).length;

  const parallel: number[] = [];
  let next = 0;
  const wallStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) parallel.push(await verify(next++));
    }),
  );
  const wall = performance.now() - wallStart;
  await hub.verification.settled();

  const s1 = [...sequential].sort((a, b) => a - b);
  const s16 = [...parallel].sort((a, b) => a - b);
  const fmt = (x: number) => x.toFixed(1);
  console.log(`bench:verify  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`households: 4 members, all ${catalog().attributes.length} attributes, purpose NEW_APPLICATION, ${count} verifications per run`);
  console.log(`upstream calls per verification: ${fmt(calls / count)} (sources needed: ${sourcesNeeded}; bank polls excluded: ${Object.values(stats).reduce((s, x) => s + x.polls, 0)})`);
  console.log(`SQL statements per verification: ${fmt(statements / count)} (BEGIN and COMMIT included; with the completion of the pending banks)`);
  console.log(`hub CPU per verification: ${fmt((cpu.user + cpu.system) / 1000 / count)} ms (user ${fmt(cpu.user / 1000 / count)}, system ${fmt(cpu.system / 1000 / count)}; includes completing the pending banks)`);
  console.log(`latency, 1 client:   p50 ${fmt(percentile(s1, 50))} ms  p99 ${fmt(percentile(s1, 99))} ms  (${fmt((count / s1.reduce((a, b) => a + b, 0)) * 1000)} verifications/s)`);
  console.log(`latency, ${concurrency} clients: p50 ${fmt(percentile(s16, 50))} ms  p99 ${fmt(percentile(s16, 99))} ms  (${fmt((count / wall) * 1000)} verifications/s)`);
} finally {
  await hub.stop();
  sandbox.stop();
  await dropDatabase(databaseUrl);
}
