import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdsRecord, type SandboxHousehold } from '../../connectors/sandbox/index.js';
import { catalog } from '../../src/catalog/index.js';
import { readReportBody, type ReportBody } from '../../src/reports/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem, until } from '../kit/index.js';

let t: TestHub;
let token: string;

const BATCH = 'mutation($h: [BatchHouseholdInput!]!, $size: Int) { submitBatch(purpose: PERIODIC_REVIEW, households: $h, chunkSize: $size) { id status total } }';
const STATUS = 'query($id: ID!) { batch(id: $id) { status total counts { queued running done refused failed cancelled } pendingSources householdsPerSecond secondsLeft } }';

type Status = { status: string; total: number; counts: { queued: number; running: number; done: number; refused: number; failed: number; cancelled: number }; pendingSources: number; householdsPerSecond: number | null; secondsLeft: number | null };


async function consent(hs: SandboxHousehold[]) {
  const documentSha256 = await t.consentDocument(token);
  const persons = hs.flatMap((h) => h.members);
  for (let i = 0; i < persons.length; i += 200) {
    const res = await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: persons.slice(i, i + 200).map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['PERIODIC_REVIEW'], validFrom: '2026-01-01', validUntil: '2027-12-31' })),
    });
    expect(res.body.errors).toBeUndefined();
  }
}

async function submit(hs: SandboxHousehold[], chunkSize: number): Promise<string> {
  const res = await t.gql<{ submitBatch: { id: string; status: string; total: number } }>(token, BATCH, { h: hs.map(batchItem), size: chunkSize });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data!.submitBatch.total).toBe(hs.length);
  return res.body.data!.submitBatch.id;
}

async function status(id: string): Promise<Status> {
  return (await t.gql<{ batch: Status }>(token, STATUS, { id })).body.data!.batch;
}


/** Exactly one verification request and one report per household of the batch. */
async function expectExactlyOnce(batchId: string, total: number) {
  const perSeq: { batch_seq: number; n: string }[] = await t.hub.db('verification_requests').where({ batch_id: batchId }).groupBy('batch_seq').select('batch_seq', t.hub.db.raw('count(*) AS n'));
  expect(perSeq).toHaveLength(total);
  expect(perSeq.every((r) => Number(r.n) === 1)).toBe(true);
  const reports = await t.hub.db('reports as r').join('verification_requests as q', 'q.id', 'r.request_id').where('q.batch_id', batchId).count({ n: '*' }).first();
  const done = await t.hub.db('batch_items').where({ batch_id: batchId, status: 'DONE' }).count({ n: '*' }).first();
  expect(Number(reports?.n)).toBe(Number(done?.n));
}

const workers: ChildProcess[] = [];
function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/worker.ts'], {
    env: { ...process.env, ...t.env, SANDBOX: 'off', SOURCE_BASE_URL: t.hub.sandbox!.url, WORKER_CONCURRENCY: '1', LOG_LEVEL: process.env.HUB_TEST_LOG ? 'info' : 'silent' },
    stdio: process.env.HUB_TEST_LOG ? ['ignore', 'inherit', 'inherit'] : 'ignore',
  });
  workers.push(child);
  return child;
}

beforeAll(async () => {
  // The hub runs no worker of its own: these tests start and kill worker processes.
  t = await startTestHub({ WORKER: 'off', BATCH_LOCK_MS: '2000', RECONCILE_INTERVAL_MS: '500', SANDBOX_BANK_DELAY_MS: '50' });
  token = await t.token(['verifier', 'assistance-system'], '370100');
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await t?.stop();
});

// Households whose members all live where they apply: one with a member planted as moved out is refused (RESIDENCE_MISMATCH).
const households = (region: string) => t.hub.sandbox!.population.households.filter((h) => h.regionCode === region && h.hidden.every((x) => x.item !== 'MOVED_OUT'));

describe('batch checks', () => {
  it('verifies a batch in chunks with one upstream call per source per chunk, refusing households one by one with the single path codes', async () => {
    const ok = [...households('370102').slice(0, 4), ...households('370103').slice(0, 4)];
    const outside = households('370811')[0]!;
    const noConsent = households('370104')[0]!;
    await consent([...ok, outside]);
    const id = await submit([...ok, outside, noConsent], 5);
    t.hub.sandbox!.resetStats();
    startWorkerProcess();
    const done = await until('the batch to finish', () => status(id), (s) => s.status === 'DONE');
    expect(done.counts).toEqual({ queued: 0, running: 0, done: 8, refused: 2, failed: 0, cancelled: 0 });
    expect(done.householdsPerSecond).toBeGreaterThan(0);
    expect(done.secondsLeft).toBe(0);
    // Two chunks (5 + 5 households): each source was called once per chunk that had households to verify.
    expect(t.hub.sandbox!.stats().ps_hukou!.calls).toBe(2);
    expect(t.hub.sandbox!.stats().tax!.calls).toBe(2);

    const page = await t.gql<{ batchResults: { items: { seq: number; status: string; errorCode: string | null; reportId: string | null }[]; nextAfter: number | null } }>(token, 'query($id: ID!) { batchResults(id: $id, first: 100) { items { seq status errorCode reportId } nextAfter } }', { id });
    const items = page.body.data!.batchResults.items;
    expect(items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(items[8]).toMatchObject({ status: 'REFUSED', errorCode: 'OUT_OF_JURISDICTION', reportId: null });
    expect(items[9]).toMatchObject({ status: 'REFUSED', errorCode: 'CONSENT_MISSING' });
    expect(items.slice(0, 8).every((i) => i.status === 'DONE' && i.reportId)).toBe(true);
    await expectExactlyOnce(id, 10);

    // The banks answer by ticket: delayed poll jobs complete the reports, which are then assessed.
    await until('the banks to answer', () => status(id), (s) => s.pendingSources === 0);
    const rows: { id: string; status: string }[] = await t.hub.db('reports as r').join('verification_requests as q', 'q.id', 'r.request_id').where('q.batch_id', id).select('r.id', 'r.status');
    const reports = await Promise.all(rows.map(async (r) => ({ status: r.status, assessed: !!(await readReportBody(t.hub.db, r.id))?.assessment })));
    expect(reports).toHaveLength(8);
    expect(reports.every((r) => r.status === 'COMPLETE' && r.assessed)).toBe(true);

    const csv = await fetch(t.url.replace('/graphql', `/batches/${id}/results.csv`), { headers: { authorization: `Bearer ${token}` } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('seq,externalRef,regionCode,status,reportId,reportStatus,errorCode,errorMessage,circle,hardshipIndex,undeclaredItemsFound');
    expect(lines).toHaveLength(11);
    expect(lines[9]).toContain('OUT_OF_JURISDICTION');
    expect((await fetch(t.url.replace('/graphql', `/batches/${id}/results.csv`))).status).toBe(401);
  });

  it('completes every person of a chunk larger than a bank takes in one call: one ticket per call, all polled', async () => {
    const hs = [...households('370103').slice(4), ...households('370104').slice(1, 10)];
    const persons = hs.flatMap((h) => h.members);
    const banks = catalog().sources.filter((s) => s.family === 'bank');
    // Over one bank call's worth of persons, so each bank is asked twice and answers with two tickets.
    expect(persons.length).toBeGreaterThan(banks[0]!.maxBulk);
    await consent(hs);
    const id = await submit(hs, hs.length);
    t.hub.sandbox!.resetStats();
    startWorkerProcess();
    await until('the batch and its banks to finish', () => status(id), (s) => s.status === 'DONE' && s.pendingSources === 0, 60_000);
    expect(t.hub.sandbox!.stats()[banks[0]!.id]!.calls).toBe(Math.ceil(persons.length / banks[0]!.maxBulk));
    const ids: string[] = await t.hub.db('reports as r').join('verification_requests as q', 'q.id', 'r.request_id').where('q.batch_id', id).pluck('r.id');
    const rows: { body: ReportBody }[] = await Promise.all(ids.map(async (reportId) => ({ body: (await readReportBody(t.hub.db, reportId))! })));
    expect(rows).toHaveLength(hs.length);
    const { population } = t.hub.sandbox!;
    let customers = 0;
    for (const { body } of rows) {
      expect(body.status).toBe('COMPLETE');
      for (const m of body.members) {
        for (const bank of banks) {
          const truth = holdsRecord(bank, population.person(m.idNumber)!, population.seed);
          expect(m.records[bank.id]?.found, `${bank.id} for a member of ${body.household.externalRef}`).toBe(truth);
          if (truth) customers += 1;
        }
      }
      expect(body.sources.filter((s) => s.source.startsWith('bank_')).every((s) => s.status === 'OK' || s.status === 'NOT_FOUND')).toBe(true);
    }
    expect(customers).toBeGreaterThan(0);
  });

  it('still gives exactly one report per household when the worker is killed mid-chunk', async () => {
    const hs = households('370112').slice(0, 24);
    await consent(hs);
    t.hub.sandbox!.setBehaviour('*', { latencyMs: 150 });
    try {
      const id = await submit(hs, 6);
      const first = startWorkerProcess();
      await until('some households verified', () => status(id), (s) => s.counts.done >= 6);
      first.kill('SIGKILL');
      startWorkerProcess();
      const done = await until('the batch to finish after the kill', () => status(id), (s) => s.status === 'DONE', 90_000);
      expect(done.counts, JSON.stringify(await t.hub.db('batch_items').where({ batch_id: id }).whereNot({ status: 'DONE' }).select('seq', 'status', 'error_code', 'error_message'))).toMatchObject({ done: hs.length, queued: 0, failed: 0 });
      await expectExactlyOnce(id, hs.length);
    } finally {
      t.hub.sandbox!.setBehaviour('*', { latencyMs: 0 });
    }
  });

  it('still gives exactly one report per household when Redis loses the queue mid-batch', async () => {
    const hs = households('370811').slice(0, 24);
    const city = await t.token(['verifier', 'assistance-system'], '370800');
    const saved = token;
    token = city;
    try {
      await consent(hs);
      t.hub.sandbox!.setBehaviour('*', { latencyMs: 150 });
      const id = await submit(hs, 6);
      startWorkerProcess();
      await until('some households verified', () => status(id), (s) => s.counts.done >= 6);
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      const keys = await redis.keys(`${t.env.QUEUE_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      const done = await until('the batch to finish after Redis was emptied', () => status(id), (s) => s.status === 'DONE', 90_000);
      expect(done.counts.done).toBe(hs.length);
      await expectExactlyOnce(id, hs.length);
      // Poll jobs lost with Redis are rebuilt from the PENDING reports in PostgreSQL.
      await until('the banks to answer after Redis was emptied', () => status(id), (s) => s.pendingSources === 0, 60_000);
    } finally {
      token = saved;
      t.hub.sandbox!.setBehaviour('*', { latencyMs: 0 });
    }
  });

  it('cancels a batch: households not yet verified are CANCELLED, verified ones keep their reports', async () => {
    const hs = households('370102').slice(8, 26);
    await consent(hs);
    t.hub.sandbox!.setBehaviour('*', { latencyMs: 1_000 });
    try {
      const id = await submit(hs, 2);
      const busy = await until('a worker to be verifying a chunk', () => status(id), (s) => s.counts.running > 0 && s.counts.done >= 1);
      expect(busy.counts.queued + busy.counts.running + busy.counts.done).toBe(hs.length);
      expect(busy.secondsLeft).toBeGreaterThan(0);
      const cancelled = await t.gql<{ cancelBatch: Status }>(token, 'mutation($id: ID!) { cancelBatch(id: $id) { status counts { queued done cancelled } } }', { id });
      expect(cancelled.body.data!.cancelBatch.status).toBe('CANCELLED');
      expect(cancelled.body.data!.cancelBatch.counts.queued).toBe(0);
      await new Promise((r) => setTimeout(r, 2_000));
      const after = await status(id);
      expect(after.counts.cancelled).toBeGreaterThan(0);
      expect(after.counts.done + after.counts.cancelled).toBe(hs.length);
      await expectExactlyOnce(id, after.counts.done);
    } finally {
      t.hub.sandbox!.setBehaviour('*', { latencyMs: 0 });
    }
  });

  it('serves the queue dashboard to admins only, and audits its opening', async () => {
    const url = t.url.replace('/graphql', '/admin/queues');
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    const admin = await t.token(['admin'], '370000', 'queue-admin');
    const page = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const api = await fetch(`${url}/api/queues`, { headers: { authorization: `Bearer ${admin}` } });
    expect(((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name)).toContain('verification-batches');
    expect(await t.hub.db('audit_events').where({ action: 'queues.dashboard', actor_sub: 'queue-admin' }).first()).toBeDefined();
  });

  it('stops a worker process cleanly on SIGTERM (exit 0)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/worker.ts'], {
      env: { ...process.env, ...t.env, SANDBOX: 'off', SOURCE_BASE_URL: t.hub.sandbox!.url, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    workers.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('batch worker ready')) resolve();
      });
    });
    child.kill('SIGTERM');
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('hung'), 10_000))])).toBe(0);
    // A worker process loads the whole hub through tsx first: on a busy CI machine that alone can take half a minute.
  }, 90_000);

  it('lets a worker stopped with SIGTERM mid-chunk finish that chunk before it exits 0', async () => {
    const hs = households('370112').slice(24, 29);
    await consent(hs);
    // This worker alone: the ones earlier tests started are stopped first.
    await Promise.all(workers.filter((w) => w.exitCode === null && w.signalCode === null).map((w) => new Promise((resolve) => w.once('exit', resolve).kill('SIGKILL'))));
    t.hub.sandbox!.setBehaviour('*', { latencyMs: 400 });
    try {
      const id = await submit(hs, hs.length);
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/bin/worker.ts'], {
        env: { ...process.env, ...t.env, SANDBOX: 'off', SOURCE_BASE_URL: t.hub.sandbox!.url, WORKER_CONCURRENCY: '1', LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      });
      workers.push(child);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await until('the worker to start the chunk', () => status(id), (s) => s.counts.running > 0, 75_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Nothing else was running: the chunk it had in hand was verified before it exited.
      expect((await status(id)).counts).toMatchObject({ done: hs.length, running: 0, queued: 0 });
      await expectExactlyOnce(id, hs.length);
    } finally {
      t.hub.sandbox!.setBehaviour('*', { latencyMs: 0 });
    }
  }, 120_000);

  it('refuses an inline batch over 1,000 households before any work, naming the field', async () => {
    const h = households('370102')[0]!;
    const before = await t.hub.db('batches').count({ n: '*' }).first();
    const res = await t.gql(token, BATCH, { h: Array.from({ length: 1_001 }, () => batchItem(h)), size: 50 });
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'households' });
    expect(await t.hub.db('batches').count({ n: '*' }).first()).toEqual(before);
  });
});
