import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPopulation } from '../../connectors/sandbox/index.js';
import { ensureDevKeys, signDevToken } from '../../src/auth/index.js';
import { catalog } from '../../src/catalog/index.js';
import { demoConsentForm } from '../../src/consent/index.js';
import { dropDatabase } from '../../src/db/index.js';
import { batchItem, until } from '../kit/index.js';

/** A span as OTLP/JSON carries it (ids in hex). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  links?: { traceId: string; spanId: string }[];
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

const SERVER = 2;
const CLIENT = 3;
const databaseUrl = `postgres://postgres@127.0.0.1:5432/hub_test_trace_${randomBytes(4).toString('hex')}`;
const keysDir = mkdtempSync(join(tmpdir(), 'hub-trace-keys-'));
const spans: OtlpSpan[] = [];
const lines: string[] = [];
let receiver: Server;
let hub: ChildProcess;
let url: string;
let token: string;

/** The OTLP/HTTP collector stand-in: keeps every span the hub exports, in memory. */
function startReceiver(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const attribute = (s: OtlpSpan, key: string) => s.attributes?.find((a) => a.key === key)?.value.stringValue;

async function gql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

beforeAll(async () => {
  receiver = await startReceiver();
  hub = spawn(process.execPath, ['--import', 'tsx', '--import', './src/tracing/preload.ts', 'src/bin/hub.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      SANDBOX_PORT: '0',
      SANDBOX_HOUSEHOLDS: '200',
      SANDBOX_SEED: '7',
      SANDBOX_LATENCY_MS: '0',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      AUTH_DEV_KEYS_DIR: keysDir,
      REPORT_KEYS_DIR: join(keysDir, 'reports'),
      DATA_KEYS_DIR: join(keysDir, 'data'),
      QUEUE_PREFIX: `test-trace-${process.pid}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
      // OTLP/JSON, so this test reads the spans without a protobuf decoder.
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hub.stderr!.on('data', (c: Buffer) => lines.push(c.toString('utf8')));
  url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: hub.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.includes('verification hub ready')) resolve(String((JSON.parse(line) as { url: string }).url));
    });
    hub.once('exit', (code) => reject(new Error(`hub exited with ${code} before ready:\n${lines.join('\n')}`)));
  });
  token = await signDevToken(await ensureDevKeys(keysDir), { sub: 'trace-test', org: '370102', roles: ['verifier'], ttlSeconds: 600 });
}, 90_000);

afterAll(async () => {
  if (hub && hub.exitCode === null) {
    const exited = new Promise((resolve) => hub.once('exit', resolve));
    hub.kill('SIGTERM');
    await exited;
  }
  receiver?.close();
  await dropDatabase(databaseUrl);
});

describe('tracing (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  it('exports one trace per verification, with each source call, the agencies receiving its traceparent, and the database transaction', async () => {
    const banks = catalog().sources.filter((s) => s.family === 'bank').map((s) => s.id);
    const h = buildPopulation({ seed: 7, households: 200, banks }).households.find((x) => x.regionCode === '370102')!;
    const upload = await fetch(new URL('/consents/documents', url), { method: 'POST', headers: { 'content-type': 'application/pdf', authorization: `Bearer ${token}` }, body: demoConsentForm('trace test') });
    const { sha256 } = (await upload.json()) as { sha256: string };
    const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256: sha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
    await gql('mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents });
    const input = { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: `TRACE-${h.id}`, sources: ['ps_hukou', 'tax'] };
    await gql('mutation TraceVerify($input: VerificationInput!) { requestVerification(input: $input) { id status } }', { input });

    // The GraphQL instrumentation's parse span holds the document (its literal values starred): find its trace.
    const named = () => spans.find((s) => s.name === 'graphql.parse' && (attribute(s, 'graphql.source') ?? '').includes('TraceVerify'));
    const operation = (await until('the operation span', async () => named(), (s) => s !== undefined, 15_000))!;
    const traceId = operation.traceId;
    // The request's own server span ends last, once the answer is sent: then the whole trace is in.
    await until('the root span', async () => spans.filter((s) => s.traceId === traceId && !s.parentSpanId).length, (n) => n > 0, 15_000);
    const trace = spans.filter((s) => s.traceId === traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    console.error(trace.map((s) => `${s.name} ${s.parentSpanId ? `<- ${byId.get(s.parentSpanId)?.name ?? '?'}` : '(root)'}${attribute(s, 'url.full') ? ` ${attribute(s, 'url.full')}` : ''}`).join('\n'));

    expect(trace.filter((s) => !s.parentSpanId)).toHaveLength(1);
    // Each source asked: an undici client span to its agency, and the agency's server span its child (traceparent received).
    for (const source of ['ps_hukou', 'tax']) {
      const call = trace.find((s) => s.kind === CLIENT && (attribute(s, 'url.full') ?? '').includes(`/agencies/${source}/`));
      expect(call, `client span for ${source}`).toBeDefined();
      expect(trace.some((s) => s.kind === SERVER && s.parentSpanId === call!.spanId), `the ${source} agency got the traceparent`).toBe(true);
    }
    expect(trace.some((s) => s.name === 'db.transaction')).toBe(true);
    expect(trace.some((s) => attribute(s, 'db.system') === 'postgresql' || attribute(s, 'db.system.name') === 'postgresql')).toBe(true);
    // No ID number anywhere in what was exported.
    const exported = JSON.stringify(trace);
    for (const m of h.members) expect(exported).not.toContain(m.idNumber);
  }, 60_000);

  it("runs a batch chunk in a trace of its own, linked to the submitting request's", async () => {
    const banks = catalog().sources.filter((s) => s.family === 'bank').map((s) => s.id);
    const h = buildPopulation({ seed: 7, households: 200, banks }).households.filter((x) => x.regionCode === '370102')[1]!;
    const upload = await fetch(new URL('/consents/documents', url), { method: 'POST', headers: { 'content-type': 'application/pdf', authorization: `Bearer ${token}` }, body: demoConsentForm('trace batch test') });
    const { sha256 } = (await upload.json()) as { sha256: string };
    const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256: sha256, purposes: ['PERIODIC_REVIEW'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
    await gql('mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents });
    await gql('mutation TraceBatch($h: [BatchHouseholdInput!]!) { submitBatch(purpose: PERIODIC_REVIEW, households: $h, chunkSize: 10) { id } }', { h: [batchItem(h)] });

    const submitted = (await until('the submitting request', async () => spans.find((s) => s.name === 'graphql.parse' && (attribute(s, 'graphql.source') ?? '').includes('TraceBatch')), (s) => s !== undefined, 15_000))!;
    const chunk = (await until('the chunk span', async () => spans.find((s) => s.name === 'verification-batches chunk'), (s) => s !== undefined, 30_000))!;
    expect(chunk.traceId).not.toBe(submitted.traceId);
    expect(chunk.parentSpanId ?? '').toBe('');
    expect(chunk.links?.map((l) => l.traceId)).toEqual([submitted.traceId]);
    // The chunk's own work is in its trace: the agencies it asked.
    await until('the chunk\'s agency calls', async () => spans.filter((s) => s.traceId === chunk.traceId && s.kind === CLIENT && (attribute(s, 'url.full') ?? '').includes('/agencies/')).length, (n) => n > 0, 15_000);
  }, 60_000);

  it('stars literal values of a GraphQL document in its spans (an ID number typed into a query)', async () => {
    const id = buildPopulation({ seed: 7, households: 200, banks: [] }).households[0]!.members[0]!.idNumber;
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: `query TraceLiteral { householdStatus(idNumber: "${id}") { __typename } }` }) });
    const parse = (await until('the parse span', async () => spans.find((s) => s.name === 'graphql.parse' && (attribute(s, 'graphql.source') ?? '').includes('TraceLiteral')), (s) => s !== undefined, 15_000))!;
    expect(attribute(parse, 'graphql.source')).toContain('"*"');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(JSON.stringify(spans)).not.toContain(id);
  });
});
