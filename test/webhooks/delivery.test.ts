import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookQueue, reconcileDeliveries, startWebhookWorker, type WebhookQueue, type WebhookWorker } from '../../jobs/index.js';
import type { Caller } from '../../src/auth/index.js';
import { listChanges, previousReport, recordChanges, type ChangeEvent, type ChangeKind, type DetectedChange } from '../../src/changes/index.js';
import { createLogger } from '../../src/logging/index.js';
import { sealVersion, type ReportBody } from '../../src/reports/index.js';
import { upsertPersons } from '../../src/households/index.js';
import { compactVerify, createLocalJWKSet } from 'jose';
import { openReportKeyRing, verifyReportJws, type ReportKeyRing } from '../../src/signing/index.js';
import { CHANGE_EVENT_JWS_TYP, configureWebhooks, enqueueDeliveries, listDeliveries, listSubscriptions, subscribe, unsubscribe, type WebhookPayload } from '../../src/webhooks/index.js';
import { createTestDatabase, until, type TestDatabase } from '../kit/index.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ATTEMPTS = 3;
const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

let t: TestDatabase;
let ring: ReportKeyRing;
let keysDir: string;
let queue: WebhookQueue;
let worker: WebhookWorker;
const servers: Server[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  // Until migrations/index.ts lists 20261123_006, apply it here (a no-op once it is listed).
  keysDir = mkdtempSync(join(tmpdir(), 'wh-keys-'));
  ring = await openReportKeyRing(keysDir);
  const conn = { redisUrl: REDIS_URL, prefix: `test-wh-${randomBytes(4).toString('hex')}` };
  queue = createWebhookQueue(conn);
  worker = startWebhookWorker({ ...conn, db: t.db, signer: ring, logger: quiet, attempts: ATTEMPTS, backoffMs: 50, timeoutMs: 2_000 });
  // The receivers listen on loopback, which no allow-list opens: the development switch
  // (WEBHOOK_ALLOW_LOOPBACK=on, refused in production) does, for this file's module instance.
  configureWebhooks({ allowLoopback: true });
});

afterAll(async () => {
  await worker?.close();
  if (queue) {
    await queue.queue.obliterate({ force: true });
    await queue.close();
  }
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await t?.drop();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

function caller(org: string, roles: Caller['roles'] = ['assistance-system']): Caller {
  return { sub: `tester-${org}`, org, roles, issuer: 'test', tokenId: null };
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver; `status(n)` is the answer to its n-th request (1-based). */
async function receiver(status: (n: number) => number): Promise<{ url: string; requests: Received[] }> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = status(requests.length);
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests };
}


/** example.org as a resolver would answer it (the tests run without DNS): a public address. */
const publicDns = { lookup: async () => [{ address: '93.184.215.14', family: 4 as const }] };

const idNumber = () => `${Date.now()}`.slice(-8) + randomBytes(5).toString('hex').replace(/[a-f]/g, '7').slice(0, 10);

async function person(): Promise<string> {
  const ids = await t.db.transaction((trx) => upsertPersons(trx, [{ idNumber: idNumber(), name: '测试', birthDate: '1970-01-01', sex: 'MALE' }]));
  return [...ids.values()][0]!;
}

async function household(regionCode: string): Promise<string> {
  const [row] = await t.db('households').insert({ region_code: regionCode, external_ref: randomUUID() }).returning('id');
  return row.id as string;
}

/** A stored report row; only the columns the change store reads matter. */
async function reportRow(householdId: string, status: 'COMPLETE' | 'PENDING', createdAt: Date, body: Partial<ReportBody> = {}): Promise<string> {
  const [request] = await t.db('verification_requests')
    .insert({ household_id: householdId, purpose: 'PERIODIC_REVIEW', requester_sub: 'tester', requester_org: '370102', requester_roles: ['verifier'], status: 'COMPLETED', created_at: createdAt })
    .returning('id');
  const id = randomUUID();
  await t.db('reports').insert({ id, request_id: request.id, household_id: householdId, ...sealVersion(t.db, { ...body, id, status } as ReportBody, 1, { jws: '' }), body_sha256: '0'.repeat(64), status, created_at: createdAt });
  return id;
}

const change = (kind: ChangeKind, personId: string | null): DetectedChange => ({ kind, personId, attributes: ['ps_vehicle.vehicle_count'], before: 0, after: 1 });

/** Records `kinds` as changes of a new household in `regionCode` and creates their deliveries, in one transaction. */
async function recordEvents(regionCode: string, kinds: ChangeKind[]): Promise<{ events: ChangeEvent[]; deliveryIds: string[] }> {
  const householdId = await household(regionCode);
  const previousReportId = await reportRow(householdId, 'COMPLETE', new Date(Date.now() - 60_000));
  const reportId = await reportRow(householdId, 'COMPLETE', new Date());
  const personId = await person();
  return t.db.transaction(async (trx) => {
    const events = await recordChanges(trx, { householdId, regionCode, reportId, previousReportId, changes: kinds.map((k) => change(k, personId)) });
    return { events, deliveryIds: await enqueueDeliveries(trx, events) };
  });
}

async function delivery(id: string) {
  return t.db('webhook_deliveries').where({ id }).first('status', 'attempts', 'last_error', 'delivered_at');
}

describe('webhook delivery', () => {
  it('retries a failing receiver with backoff and ends DELIVERED; the body is a JWS verifiable with the hub JWKS', async () => {
    const flaky = await receiver((n) => (n <= 2 ? 500 : 204));
    const sub = await subscribe(t.db, caller('370102'), { url: flaky.url, kinds: [] });
    const { events, deliveryIds } = await recordEvents('370102', ['NEW_VEHICLE']);
    expect(deliveryIds).toHaveLength(1);
    const id = deliveryIds[0]!;
    await queue.enqueue(deliveryIds);

    const done = await until('delivered', () => delivery(id), (d) => d?.status !== 'PENDING');
    expect(done).toMatchObject({ status: 'DELIVERED', attempts: 3, last_error: null });
    expect(done.delivered_at).not.toBeNull();
    expect(flaky.requests).toHaveLength(3);

    const last = flaky.requests[2]!;
    expect(last.headers['content-type']).toBe('application/jose');
    expect(last.headers['x-hub-delivery']).toBe(id);
    // Any JOSE library verifies it with the hub's JWKS; its typ keeps it from passing for a report.
    const verified = await compactVerify(last.body, createLocalJWKSet(ring.jwks()), { algorithms: ['ES256'] });
    expect(verified.protectedHeader.typ).toBe(CHANGE_EVENT_JWS_TYP);
    expect(await verifyReportJws(last.body, ring.jwks())).toMatchObject({ valid: false, check: 'MALFORMED' });
    const payload = JSON.parse(new TextDecoder().decode(verified.payload)) as WebhookPayload;
    const event = events[0]!;
    expect(payload).toEqual({
      deliveryId: id,
      event: {
        id: event.id,
        kind: 'NEW_VEHICLE',
        householdId: event.householdId,
        regionCode: '370102',
        reportId: event.reportId,
        personId: event.personId,
        details: event.details,
        detectedAt: event.detectedAt,
        summaryZh: expect.stringMatching(/^新增车辆：由 .* 变为 /),
        summaryEn: expect.stringMatching(/^New vehicle: from /),
        detectedAtLocal: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 北京时间$/),
      },
    });
    // A tampered body does not verify.
    await expect(compactVerify(`${last.body.slice(0, -4)}AAAA`, createLocalJWKSet(ring.jwks()), { algorithms: ['ES256'] })).rejects.toThrow();

    expect(await listDeliveries(t.db, '370102', 'DELIVERED')).toEqual([expect.objectContaining({ id, subscriptionId: sub.id, kind: 'NEW_VEHICLE', attempts: 3 })]);
    await unsubscribe(t.db, caller('370102'), sub.id);
  });

  it('marks a delivery DEAD after the configured attempts, keeping the last error', async () => {
    const broken = await receiver(() => 503);
    const sub = await subscribe(t.db, caller('370103'), { url: broken.url });
    const { deliveryIds } = await recordEvents('370103', ['DEATH']);
    const id = deliveryIds[0]!;
    await queue.enqueue(deliveryIds);

    const dead = await until('dead', () => delivery(id), (d) => d?.status !== 'PENDING');
    expect(dead).toMatchObject({ status: 'DEAD', attempts: ATTEMPTS, delivered_at: null });
    expect(dead.last_error).toMatch(/^HTTP 503/);
    // No attempt after the last one.
    await new Promise((r) => setTimeout(r, 300));
    expect(broken.requests).toHaveLength(ATTEMPTS);
    expect(await listDeliveries(t.db, '370103', 'DEAD')).toHaveLength(1);
    expect(await listDeliveries(t.db, '370103', 'PENDING')).toHaveLength(0);
    await unsubscribe(t.db, caller('370103'), sub.id);
  });

  it('delivers only to subscribers whose jurisdiction contains the event region', async () => {
    const sink = await receiver(() => 204);
    const subs = new Map<string, string>();
    for (const org of ['370000', '370800', '370811', '370828', '320000']) subs.set(org, (await subscribe(t.db, caller(org), { url: sink.url })).id);
    const { deliveryIds } = await recordEvents('370811', ['NEW_PROPERTY']);
    const rows: { subscription_id: string }[] = await t.db('webhook_deliveries').whereIn('id', deliveryIds).select('subscription_id');
    // Province, city and the county itself; not a sibling county, not another province.
    expect(rows.map((r) => r.subscription_id).sort()).toEqual([subs.get('370000'), subs.get('370800'), subs.get('370811')].sort());
    for (const [org, id] of subs) await unsubscribe(t.db, caller(org), id);
  });

  it('delivers only the kinds a subscription asked for (none named: all)', async () => {
    const sink = await receiver(() => 204);
    const deaths = await subscribe(t.db, caller('620702'), { url: `${sink.url}?deaths`, kinds: ['DEATH'] });
    const all = await subscribe(t.db, caller('620702'), { url: `${sink.url}?all`, kinds: null });
    const assets = await subscribe(t.db, caller('620702'), { url: `${sink.url}?assets`, kinds: ['NEW_VEHICLE', 'NEW_PROPERTY', 'NEW_VEHICLE'] });
    expect(assets.kinds).toEqual(['NEW_VEHICLE', 'NEW_PROPERTY']);
    const { deliveryIds } = await recordEvents('620702', ['DEATH', 'NEW_VEHICLE', 'INCOME_CHANGE']);
    const rows: { subscription_id: string; kind: string }[] = await t.db('webhook_deliveries as d').join('change_events as e', 'e.id', 'd.change_event_id').whereIn('d.id', deliveryIds).select('d.subscription_id', 'e.kind');
    const kindsOf = (id: string) => rows.filter((r) => r.subscription_id === id).map((r) => r.kind).sort();
    expect(kindsOf(deaths.id)).toEqual(['DEATH']);
    expect(kindsOf(all.id)).toEqual(['DEATH', 'INCOME_CHANGE', 'NEW_VEHICLE']);
    expect(kindsOf(assets.id)).toEqual(['NEW_VEHICLE']);
    for (const s of [deaths, all, assets]) await unsubscribe(t.db, caller('620702'), s.id);
  });

  it('creates each delivery once however often it is asked to', async () => {
    const sink = await receiver(() => 204);
    const sub = await subscribe(t.db, caller('620802'), { url: sink.url });
    const { events, deliveryIds } = await recordEvents('620802', ['MOVED_OUT']);
    expect(deliveryIds).toHaveLength(1);
    expect(await t.db.transaction((trx) => enqueueDeliveries(trx, events))).toEqual([]);
    await unsubscribe(t.db, caller('620802'), sub.id);
  });

  it('re-enqueues a PENDING delivery whose job Redis does not have', async () => {
    const ok = await receiver(() => 204);
    const sub = await subscribe(t.db, caller('321102'), { url: ok.url });
    const { deliveryIds } = await recordEvents('321102', ['NEW_EMPLOYMENT']);
    const id = deliveryIds[0]!;
    // Never enqueued: as if Redis had lost the job (or the hub stopped before enqueuing).
    const { requeued } = await reconcileDeliveries(t.db, queue);
    expect(requeued).toBeGreaterThanOrEqual(1);
    expect(await until('delivered', () => delivery(id), (d) => d?.status === 'DELIVERED')).toMatchObject({ attempts: 1 });
    expect(ok.requests).toHaveLength(1);
    // Once the worker has been through everything requeued, a second pass finds nothing to do.
    await until('no pending deliveries', () => t.db('webhook_deliveries').where({ status: 'PENDING' }).count({ n: '*' }).first(), (r) => Number(r?.n) === 0);
    expect(await reconcileDeliveries(t.db, queue)).toEqual({ requeued: 0 });
    await unsubscribe(t.db, caller('321102'), sub.id);
  });

  it('replaces a job that ran before its delivery was committed', async () => {
    const ok = await receiver(() => 204);
    const sub = await subscribe(t.db, caller('321112'), { url: ok.url });
    const householdId = await household('321112');
    const previousReportId = await reportRow(householdId, 'COMPLETE', new Date(Date.now() - 60_000));
    const reportId = await reportRow(householdId, 'COMPLETE', new Date());
    const personId = await person();
    let id = '';
    await t.db.transaction(async (trx) => {
      const events = await recordChanges(trx, { householdId, regionCode: '321112', reportId, previousReportId, changes: [change('NEW_BUSINESS', personId)] });
      [id] = (await enqueueDeliveries(trx, events)) as [string];
      // Enqueued too early: the worker cannot see the row yet and completes the job doing nothing.
      await queue.enqueue([id]);
      await until('job done', async () => (await queue.queue.getJob(`delivery-${id}`))?.getState(), (s) => s === 'completed');
    });
    expect(await delivery(id)).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(await reconcileDeliveries(t.db, queue)).toEqual({ requeued: 1 });
    expect(await until('delivered', () => delivery(id), (d) => d?.status === 'DELIVERED')).toMatchObject({ attempts: 1 });
    expect(ok.requests).toHaveLength(1);
    await unsubscribe(t.db, caller('321112'), sub.id);
  });

  it('does not send the pending deliveries of a cancelled subscription', async () => {
    const ok = await receiver(() => 204);
    const sub = await subscribe(t.db, caller('321111'), { url: ok.url });
    const { deliveryIds } = await recordEvents('321111', ['MEMBER_ADDED']);
    expect(await unsubscribe(t.db, caller('321111'), sub.id)).toBe(true);
    expect(await unsubscribe(t.db, caller('321111'), sub.id)).toBe(false);
    await queue.enqueue(deliveryIds);
    const dead = await until('dead', () => delivery(deliveryIds[0]!), (d) => d?.status !== 'PENDING');
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 0, last_error: 'subscription cancelled before delivery' });
    expect(ok.requests).toHaveLength(0);
  });
});

describe('subscriptions', () => {
  const org = '370983';

  it('accepts https anywhere and plain http only to a loopback receiver', async () => {
    const s = await subscribe(t.db, caller(org), { url: 'https://assist.example.org/hub-events', kinds: ['DEATH'] }, publicDns);
    expect(s).toMatchObject({ org, url: 'https://assist.example.org/hub-events', kinds: ['DEATH'], active: true, createdBy: `tester-${org}` });
    await expect(subscribe(t.db, caller(org), { url: 'http://localhost:8080/x' })).resolves.toMatchObject({ url: 'http://localhost:8080/x' });
    await expect(subscribe(t.db, caller(org), { url: 'http://localhost:8081/x' }, { allowLoopbackHttp: false })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'url' } });
    for (const url of ['http://assist.example.org/x', 'ftp://assist.example.org/x', 'not a url', 'https://user:secret@assist.example.org/x', 'https://assist.example.org/x#frag']) {
      await expect(subscribe(t.db, caller(org), { url })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'url' } });
    }
    // The same endpoint twice would receive everything twice.
    await expect(subscribe(t.db, caller(org), { url: 'https://assist.example.org/hub-events' }, publicDns)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect((await listSubscriptions(t.db, org)).map((x) => x.url).sort()).toEqual(['http://localhost:8080/x', 'https://assist.example.org/hub-events']);
  });

  it('refuses unknown kinds and roles that may not read reports, and audits subscribing', async () => {
    await expect(subscribe(t.db, caller(org), { url: 'https://a.example.org/', kinds: ['NOPE'] })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'kinds' } });
    await expect(subscribe(t.db, caller(org, ['auditor']), { url: 'https://a.example.org/' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const s = await subscribe(t.db, caller(org), { url: 'https://b.example.org/' }, publicDns);
    const audited = await t.db('audit_events').where({ action: 'webhook.subscribe', actor_org: org }).orderBy('seq').select('details');
    expect(audited.map((a: { details: { subscription: string } }) => a.details.subscription)).toContain(s.id);
    // Another organisation's subscription reads as absent.
    await expect(unsubscribe(t.db, caller('370102'), s.id)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
    expect(await unsubscribe(t.db, caller(org), s.id)).toBe(true);
    expect((await listSubscriptions(t.db, org, { includeInactive: true })).find((x) => x.id === s.id)?.active).toBe(false);
  });
});

describe('change store', () => {
  it('records a report’s changes once', async () => {
    const householdId = await household('370104');
    const previousReportId = await reportRow(householdId, 'COMPLETE', new Date(Date.now() - 60_000));
    const reportId = await reportRow(householdId, 'COMPLETE', new Date());
    const p = await person();
    const input = { householdId, regionCode: '370104', reportId, previousReportId, changes: [change('NEW_VEHICLE', p), { kind: 'MEMBER_REMOVED' as const, personId: p, attributes: [], before: [p], after: [] }] };
    const first = await t.db.transaction((trx) => recordChanges(trx, input));
    expect(first).toHaveLength(2);
    expect(first[1]!.details).toEqual({ attributes: [], before: [p], after: [] });
    expect(await t.db.transaction((trx) => recordChanges(trx, input))).toEqual([]);
  });

  it('lists changes in a jurisdiction, keyset-paginated without gaps or repeats', async () => {
    const since = new Date(Date.now() - 1_000);
    const a = await recordEvents('370112', ['NEW_VEHICLE', 'NEW_PROPERTY', 'DEATH']);
    const b = await recordEvents('370112', ['MOVED_OUT', 'INCOME_CHANGE']);
    await recordEvents('320102', ['DEATH']);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await listChanges(t.db, '370112', since, 2, after);
      seen.push(...res.events.map((e) => e.id));
      if (!res.hasNextPage) break;
      after = res.endCursor;
    }
    const expected = [...a.events, ...b.events].map((e) => e.id);
    expect(seen).toHaveLength(expected.length);
    expect([...seen].sort()).toEqual([...expected].sort());
    // Oldest first: the first report's changes before the second's.
    expect(seen.slice(0, 3).sort()).toEqual(a.events.map((e) => e.id).sort());
    // The province sees its county's changes; a later `since` sees none of them.
    expect((await listChanges(t.db, '370000', since, 500, null)).events.map((e) => e.id)).toEqual(expect.arrayContaining(seen));
    expect((await listChanges(t.db, '370112', new Date(Date.now() + 60_000), 10, null)).events).toEqual([]);
    await expect(listChanges(t.db, '370112', since, 2, 'garbage')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  });

  it("finds the household's latest complete report before a time", async () => {
    const householdId = await household('370102');
    const now = Date.now();
    const older = await reportRow(householdId, 'COMPLETE', new Date(now - 3_000), { applicationRef: 'older' });
    const latest = await reportRow(householdId, 'COMPLETE', new Date(now - 2_000), { applicationRef: 'latest' });
    await reportRow(householdId, 'PENDING', new Date(now - 1_000));
    const current = await reportRow(householdId, 'COMPLETE', new Date(now));
    expect((await previousReport(t.db, householdId, new Date(now)))?.id).toBe(latest);
    expect((await previousReport(t.db, householdId, new Date(now + 1), current))?.id).toBe(latest);
    expect((await previousReport(t.db, householdId, new Date(now - 2_000)))?.id).toBe(older);
    expect(await previousReport(t.db, householdId, new Date(now - 3_000))).toBeNull();
  });
});
