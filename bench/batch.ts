import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ensureDevKeys, signDevToken } from '../src/auth/index.js';
import { catalog } from '../src/catalog/index.js';
import { openDataKeys, resolveKek, useDataKeys } from '../src/data-protection/index.js';
import { createDb, dropDatabase } from '../src/db/index.js';
import { upsertPersons } from '../src/households/index.js';
import { checkIdNumber } from '../src/identity/index.js';
import { startSandboxProcess } from './sandbox-process-client.js';

/**
 * bench:batch: a file batch of N households through the whole path (upload, chunks, bulk calls,
 * bank tickets, reports, assessments) against the sandbox in a child process whose sources each
 * accept `--rate` calls per second. The hub runs as `npm start` does, in a child process of its
 * own, so its peak RSS is its own (the kernel's high-water mark), not the benchmark's set-up.
 * Prints throughput, calls per source, the ideal time the limits allow, the measured time and
 * the hub's peak RSS.
 */
const { values: args } = parseArgs({
  options: {
    households: { type: 'string', default: '2500' },
    // A CPU profile of the hub process, written into this folder when it stops.
    'hub-cpu-prof': { type: 'string' },
    rate: { type: 'string', default: '20' },
    chunk: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '4' },
    // Batch worker processes (`npm run worker`) beside the hub's inline worker: how a deployment uses more cores.
    workers: { type: 'string', default: '0' },
  },
});
const households = Number(args.households);
const rate = Number(args.rate);

interface Listed {
  id: string;
  regionCode: string;
  members: { idNumber: string; name: string; relation: string }[];
  declaration: { members: { idNumber: string; monthlyIncome: number }[]; assets: Record<string, number> };
}

/** CPU seconds a process has used so far (user + system), from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Starts a Node process running `script` with `env`; resolves when it prints a log line holding `ready`. */
async function startProcess(script: string, env: NodeJS.ProcessEnv, ready: string, nodeFlags: string[] = []): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', new URL(script, import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (l.includes(ready)) resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
  });
  return { child, line };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** A figure of a process from /proc (Linux): VmRSS now, VmHWM the peak so far. */
function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

// 60,000 households give Shandong (the token's province) more than 25,000.
const sandbox = await startSandboxProcess({ SANDBOX_RATE_LIMIT: String(rate), SANDBOX_BANK_DELAY_MS: '0', SANDBOX_HOUSEHOLDS: '60000' });
const databaseUrl = `postgres://postgres@127.0.0.1:5432/hub_bench_batch_${process.pid}`;
const keysDir = mkdtempSync(join(tmpdir(), 'hub-bench-batch-'));
// The hub and this setup seal persons under the same key-encryption key.
const dataKek = randomBytes(32).toString('base64');
const processEnv: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  PORT: '0',
  SANDBOX: 'off',
  SOURCE_BASE_URL: sandbox.url,
  LOG_LEVEL: 'info',
  AUTH_DEV_KEYS_DIR: keysDir,
  REPORT_KEYS_DIR: join(keysDir, 'reports'),
  DATA_KEK: dataKek,
  QUEUE_PREFIX: `bench-batch-${process.pid}`,
  WORKER: 'on',
  WORKER_CONCURRENCY: args.concurrency,
  BATCH_CHUNK_SIZE: args.chunk,
  // The hub's own limit matches the agencies': it slows itself instead of collecting 429s.
  SOURCE_RATE_PER_SECOND: String(rate),
  SOURCE_SHARED_CONCURRENCY: '64',
  SOURCE_CONCURRENCY: '64',
  RECONCILE_INTERVAL_MS: '5000',
};
const hub = await startProcess('../src/bin/hub.ts', processEnv, 'verification hub ready', args['hub-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['hub-cpu-prof']}`] : []);
const hubProcess = hub.child;
const hubUrl = (JSON.parse(hub.line) as { url: string }).url;
// Started after the hub, which has migrated the database.
const workers = await Promise.all(Array.from({ length: Number(args.workers) }, () => startProcess('../src/bin/worker.ts', processEnv, 'batch worker ready')));
const db = createDb(databaseUrl);
useDataKeys(db, await openDataKeys(db, await resolveKek({ kind: 'value', base64: dataKek })));
try {
  const token = await signDevToken(await ensureDevKeys(keysDir), { sub: 'bench', org: '370000', roles: ['verifier', 'assistance-system'], ttlSeconds: 24 * 3600 });
  const base = hubUrl.replace(/\/graphql$/, '');

  // Setup (not timed): the households of one province as a JSON Lines file, and their consents
  // written straight to the database (the consent API is not what this measures).
  const file = join(keysDir, 'batch.jsonl');
  const out = createWriteStream(file);
  let written = 0;
  // Persons per chunk, in file order: what the fewest possible upstream calls are computed from.
  const chunkPersons: number[] = [];
  const chunkSize = Number(args.chunk);
  for (let offset = 0; written < households; offset += 1000) {
    const page = (await (await fetch(`${sandbox.url}/sandbox/households?region=370000&limit=1000&offset=${offset}`)).json()) as { households: Listed[] };
    if (page.households.length === 0) throw new Error(`the sandbox has only ${written} households in 370000`);
    const take = page.households.slice(0, households - written);
    const persons = take.flatMap((h) => h.members).map((m) => {
      const id = checkIdNumber(m.idNumber);
      if (!id.ok) throw new Error(id.message);
      return { idNumber: m.idNumber, name: m.name, birthDate: id.value.birthDate, sex: id.value.sex };
    });
    const ids = [...(await db.transaction((trx) => upsertPersons(trx, persons))).values()];
    await db('consents').insert(ids.map((id) => ({ person_id: id, document_sha256: 'be'.repeat(32), purposes: ['PERIODIC_REVIEW'], valid_from: '2026-01-01', valid_until: '2028-01-01', registered_by: 'bench', registered_org: '370000' })));
    for (const [i, h] of take.entries()) {
      const chunk = Math.floor((written + i) / chunkSize);
      chunkPersons[chunk] = (chunkPersons[chunk] ?? 0) + h.members.length;
      const line = {
        applicationRef: `BENCH-${h.id}`,
        household: {
          regionCode: h.regionCode,
          externalRef: h.id,
          members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation, declaredMonthlyIncome: h.declaration.members.find((d) => d.idNumber === m.idNumber)?.monthlyIncome ?? 0 })),
          declaredAssets: h.declaration.assets,
        },
      };
      out.write(`${JSON.stringify(line)}\n`);
    }
    written += take.length;
  }
  await new Promise<void>((resolve) => out.end(resolve));
  await fetch(`${sandbox.url}/sandbox/stats/reset`, { method: 'POST' });
  const rssAtStart = memoryOf(hubProcess.pid!, 'VmRSS');
  // The measured window's CPU of each process on the machine that does the work (PostgreSQL and Redis not counted).
  const measured = [{ name: 'hub', pid: hubProcess.pid! }, ...workers.map((w, i) => ({ name: `worker ${i + 1}`, pid: w.child.pid! })), { name: 'sandbox', pid: sandbox.pid }];
  const cpuAtStart = measured.map((m) => cpuSecondsOf(m.pid));

  const started = performance.now();
  const upload = await fetch(`${base}/batches?purpose=PERIODIC_REVIEW&chunkSize=${args.chunk}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
    // Streamed, as the batch CLI does: the file is never held whole.
    body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  const { batchId, accepted } = (await upload.json()) as { batchId: string; accepted: number };
  const gql = async () => {
    const res = (await (await fetch(hubUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: `{ batch(id: "${batchId}") { status counts { done refused failed queued running } pendingSources } }` }) })).json()) as {
      data?: { batch: { status: string; counts: Record<string, number>; pendingSources: number } };
      errors?: unknown[];
    };
    if (!res.data) throw new Error(`batch(id) failed: ${JSON.stringify(res.errors)}`);
    return res.data.batch;
  };
  let state = await gql();
  while (state.status !== 'DONE' || state.pendingSources > 0) {
    await new Promise((r) => setTimeout(r, 500));
    state = await gql();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = measured.map((m, i) => `${m.name} ${(((cpuSecondsOf(m.pid) - cpuAtStart[i]!) * 1000) / accepted).toFixed(1)}`);
  const peakRss = memoryOf(hubProcess.pid!, 'VmHWM');
  const workerPeaks = workers.map((w) => `${(memoryOf(w.child.pid!, 'VmHWM') / 2 ** 20).toFixed(0)}`);
  const stats = (await (await fetch(`${sandbox.url}/sandbox/stats`)).json()) as Record<string, { calls: number; polls: number; rateLimited: number }>;
  const calls = Object.entries(stats).map(([source, s]) => ({ source, calls: s.calls + s.polls, rateLimited: s.rateLimited }));
  // The fewest calls each source could take: ceil(persons / bulk limit) per chunk, and as many
  // polls again for a source that answers by ticket. The ideal time is the busiest source's share.
  const fewest = catalog().sources.map((s) => ({ source: s.id, calls: chunkPersons.reduce((n, p) => n + Math.ceil(p / s.maxBulk), 0) * (s.protocol === 'async' ? 2 : 1) }));
  const busiest = fewest.reduce((a, b) => (b.calls > a.calls ? b : a));
  const ideal = busiest.calls / rate;
  const made = calls.find((c) => c.source === busiest.source)?.calls ?? 0;
  const bySource = (prefix: string) => calls.filter((c) => c.source.startsWith(prefix));
  const summary = (list: typeof calls) => (list.length ? `${Math.min(...list.map((c) => c.calls))}-${Math.max(...list.map((c) => c.calls))}` : '0');
  console.log(`bench:batch  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`households: ${accepted} (file ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB), chunk ${args.chunk}, worker concurrency ${args.concurrency}, worker processes beside the hub ${workers.length}, every source limited to ${rate} calls/s`);
  console.log(`outcome: ${JSON.stringify(state.counts)}`);
  console.log(`upstream calls per source (queries + bank polls): government/institution ${summary(calls.filter((c) => !c.source.startsWith('bank_')))}, banks ${summary(bySource('bank_'))}; 429s: ${calls.reduce((s, c) => s + c.rateLimited, 0)}`);
  console.log(`fewest calls possible: government/institution ${summary(fewest.filter((c) => !c.source.startsWith('bank_')))}, banks ${summary(fewest.filter((c) => c.source.startsWith('bank_')))} (inquiries + one poll per ticket)`);
  console.log(`ideal time given the limits: ${ideal.toFixed(1)} s (busiest source ${busiest.source}: ${busiest.calls} calls at ${rate}/s; made ${made})`);
  console.log(`measured: ${seconds.toFixed(1)} s = ${(seconds / ideal).toFixed(2)}x ideal; ${(accepted / seconds).toFixed(1)} households/s`);
  console.log(`CPU per household, ms: ${cpuMs.join(', ')} (PostgreSQL and Redis not counted)`);
  console.log(`hub peak RSS (process high-water mark): ${(peakRss / 2 ** 20).toFixed(0)} MiB (RSS when the batch was sent: ${(rssAtStart / 2 ** 20).toFixed(0)} MiB)${workers.length ? `; workers' peak RSS: ${workerPeaks.join(', ')} MiB` : ''}`);
  console.log(`catalogue: ${catalog().sources.length} sources`);
} finally {
  await db.destroy();
  await Promise.all([...workers.map((w) => stopProcess(w.child)), stopProcess(hubProcess)]);
  sandbox.stop();
  await dropDatabase(databaseUrl);
}
