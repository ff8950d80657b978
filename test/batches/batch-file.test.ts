import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import express, { type Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { createTokenVerifier } from '../../src/auth/index.js';
import type { ChunkEnqueuer } from '../../src/batches/index.js';
import { loadConfig } from '../../src/config.js';
import { batchUploadRouter } from '../../src/server/index.js';
import { batchItem } from '../kit/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

let t: TestHub;
let token: string;
/** The hub's base URL as a client sees it: the upload router in front of the test hub's GraphQL. */
let hubBaseUrl: string;
const servers: Server[] = [];
const dir = mkdtempSync(join(tmpdir(), 'batch-file-'));

type Status = { status: string; total: number; counts: { queued: number; done: number; refused: number; failed: number; cancelled: number } };
const STATUS = 'query($id: ID!) { batch(id: $id) { status total counts { queued done refused failed cancelled } } }';

async function listen(app: Express): Promise<string> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}


async function consent(hs: SandboxHousehold[]) {
  const persons = hs.flatMap((h) => h.members);
  const documentSha256 = await t.consentDocument(token);
  const res = await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
    c: persons.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['PERIODIC_REVIEW'], validFrom: '2026-01-01', validUntil: '2027-12-31' })),
  });
  expect(res.body.errors).toBeUndefined();
}

async function finished(id: string): Promise<Status> {
  const end = Date.now() + 60_000;
  for (;;) {
    const s = (await t.gql<{ batch: Status }>(token, STATUS, { id })).body.data!.batch;
    if (s.status === 'DONE' || s.status === 'CANCELLED') return s;
    if (Date.now() > end) throw new Error(`batch ${id} did not finish: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function upload(base: string, body: string, auth: string | null = token, query = 'purpose=PERIODIC_REVIEW') {
  return fetch(`${base}/batches?${query}`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', ...(auth ? { authorization: `Bearer ${auth}` } : {}) }, body });
}

/** Runs the batch CLI as a user would; resolves with its exit code and output (never throws on exit != 0). */
async function cli(args: string[], hubToken = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // Asynchronous: the hub answering the CLI runs in this process.
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/bin/batch.ts', ...args], { cwd: repo, env: { ...process.env, HUB_TOKEN: hubToken } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const households = (region: string) => t.hub.sandbox!.population.households.filter((h) => h.regionCode === region);
const batchCount = async () => Number((await t.hub.db('batches').count({ n: '*' }).first())?.n);

beforeAll(async () => {
  t = await startTestHub({ WORKER: 'on' });
  token = await t.token(['verifier', 'assistance-system'], '370100');
  // The hub itself serves POST /batches (mounted before any body parser in app.ts).
  hubBaseUrl = t.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('batch files', () => {
  it('accepts an NDJSON upload, skipping malformed lines with their line numbers, and verifies the good ones', async () => {
    const hs = households('370102').slice(0, 3);
    await consent(hs);
    const body = [JSON.stringify(batchItem(hs[0]!)), '{"applicationRef": "R-2", "household": {', JSON.stringify(batchItem(hs[1]!)), '{"applicationRef": "R-4"}', '', JSON.stringify(batchItem(hs[2]!))].join('\n') + '\n';
    const res = await upload(hubBaseUrl, body);
    expect(res.status).toBe(201);
    const answer = (await res.json()) as { batchId: string; accepted: number; rejected: { line: number; reason: string }[]; rejectedCount: number };
    expect(answer.accepted).toBe(3);
    expect(answer.rejectedCount).toBe(2);
    expect(answer.rejected.map((r) => r.line)).toEqual([2, 4]);
    expect(answer.rejected[0]!.reason).toMatch(/not valid JSON/);
    expect(answer.rejected[1]!.reason).toMatch(/household/);
    const done = await finished(answer.batchId);
    expect(done).toMatchObject({ status: 'DONE', total: 3, counts: { done: 3, refused: 0, failed: 0 } });
  });

  it('submits a CSV file through the CLI, one row per member, reporting a bad row by its CSV line, and waits for the batch', async () => {
    const hs = households('370103').filter((h) => h.members.length === 2).slice(0, 2);
    expect(hs).toHaveLength(2);
    await consent(hs);
    const rows = (h: SandboxHousehold) =>
      h.members.map((m) => {
        const a = h.declaration.assets;
        const income = h.declaration.members.find((d) => d.idNumber === m.idNumber)!.monthlyIncome;
        return [`REVIEW-${h.id}`, h.regionCode, h.id, m.idNumber, m.name, m.relation, income, a.deposits, a.vehicles, a.properties, a.businesses].join(',');
      });
    const csv = [
      'applicationRef,regionCode,externalRef,idNumber,name,relation,declaredMonthlyIncome,deposits,vehicles,properties,businesses',
      ...rows(hs[0]!),
      'REVIEW-X,370103,BAD-1,,Nobody,HEAD,,,,,',
      ...rows(hs[1]!),
    ].join('\n');
    const file = join(dir, 'households.csv');
    writeFileSync(file, `${csv}\n`);

    // The token from the environment, as the README says: on the command line every user would see it (ps).
    const out = await cli(['submit', file, '--purpose', 'PERIODIC_REVIEW', '--hub', hubBaseUrl, '--wait'], token);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ accepted: 2, rejected: [{ line: 4, reason: 'missing idNumber' }] });
    expect(lines.at(-1)).toMatchObject({ batchId: lines[0]!.batchId, status: 'DONE', total: 2, counts: { done: 2, failed: 0 } });
  }, 90_000);

  it('refuses an upload without a token with 401', async () => {
    const before = await batchCount();
    const res = await upload(hubBaseUrl, `${JSON.stringify(batchItem(households('370102')[0]!))}\n`, null);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect(await batchCount()).toBe(before);
  });

  it('refuses an upload over the limit with 413 naming households, and queues nothing', async () => {
    const enqueued: string[] = [];
    const queue: ChunkEnqueuer = { enqueue: async (id) => void enqueued.push(id) };
    const app = express();
    app.use(batchUploadRouter({ db: t.hub.db, verifier: createTokenVerifier(loadConfig(t.env).auth), queue, chunkSize: 2, limit: 3 }));
    const base = await listen(app);
    const before = await batchCount();
    const h = batchItem(households('370102')[0]!);
    const res = await upload(base, Array.from({ length: 4 }, (_, i) => JSON.stringify({ ...h, applicationRef: `R-${i}` })).join('\n'));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; field: string; message: string } };
    expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'households' });
    expect(body.error.message).toMatch(/^households: /);
    expect(await batchCount()).toBe(before);
    expect(enqueued).toEqual([]);

    // At the limit it is accepted; a line longer than the line limit is rejected, not held.
    const small = express();
    small.use(batchUploadRouter({ db: t.hub.db, verifier: createTokenVerifier(loadConfig(t.env).auth), queue, chunkSize: 2, limit: 3, maxLineBytes: 2_000 }));
    const smallBase = await listen(small);
    const long = JSON.stringify({ ...h, applicationRef: 'R-long', household: { ...h.household, externalRef: 'x'.repeat(5_000) } });
    const ok = await upload(smallBase, [JSON.stringify(h), long, JSON.stringify(h), JSON.stringify(h)].join('\r\n'));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ accepted: 3, rejected: [{ line: 2, reason: 'longer than 2000 bytes' }], rejectedCount: 1 });
    expect(enqueued).toHaveLength(1);
  });

  it('answers 400 naming the field for a bad purpose or chunk size', async () => {
    const body = `${JSON.stringify(batchItem(households('370102')[0]!))}\n`;
    const purpose = await upload(hubBaseUrl, body, token, 'purpose=NOSY');
    expect(purpose.status).toBe(400);
    expect(((await purpose.json()) as { error: { field: string } }).error.field).toBe('purpose');
    const size = await upload(hubBaseUrl, body, token, 'purpose=PERIODIC_REVIEW&chunkSize=0');
    expect(size.status).toBe(400);
    expect(((await size.json()) as { error: { field: string } }).error.field).toBe('chunkSize');
  });

  it('CLI usage errors exit 2 with one line naming the flag or file', async () => {
    const missing = await cli(['submit', join(dir, 'nope.csv'), '--purpose', 'PERIODIC_REVIEW', '--token', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('nope.csv: no such file');

    const file = join(dir, 'one.jsonl');
    writeFileSync(file, '{}\n');
    const flag = await cli(['submit', file, '--purpose', 'PERIODIC_REVIEW', '--token', 'x', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim().split('\n')).toHaveLength(1);
    expect(flag.stderr).toContain('--bogus');

    const purpose = await cli(['submit', file, '--token', 'x']);
    expect(purpose.code).toBe(2);
    expect(purpose.stderr).toContain('--purpose');

    const noToken = await cli(['submit', file, '--purpose', 'PERIODIC_REVIEW']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('--token');

    const csv = join(dir, 'header.csv');
    writeFileSync(csv, 'externalRef,idNumber\nH1,1\n');
    const header = await cli(['submit', csv, '--purpose', 'PERIODIC_REVIEW', '--token', 'x', '--hub', 'http://127.0.0.1:9']);
    expect(header.code).toBe(2);
    expect(header.stderr).toMatch(/header\.csv: the header lacks column\(s\) applicationRef, regionCode, name, relation/);
  }, 60_000);
});
