import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookQueue, startWebhookWorker, type WebhookQueue, type WebhookWorker } from '../../jobs/index.js';
import { recordAuditEvents } from '../../src/audit/index.js';
import { pushFindings, runFindings, startFindingsTimer } from '../../src/audit-findings/index.js';
import type { Caller } from '../../src/auth/index.js';
import { createLogger } from '../../src/logging/index.js';
import { openReportKeyRing, type ReportKeyRing } from '../../src/signing/index.js';
import { AUDIT_FINDING_JWS_TYP, AUDIT_FINDING_KIND, configureWebhooks, enqueueFindingDeliveries, listSubscriptions, subscribe, unsubscribe, type FindingWebhookPayload } from '../../src/webhooks/index.js';
import { createTestDatabase, until, type TestDatabase } from '../kit/index.js';
import { person, verification } from './kit.js';

/*
 * New findings pushed through the webhook deliveries to the audit offices whose jurisdiction holds
 * them, signed with their own typ, masked persons only; never to a change subscription.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

let t: TestDatabase;
let ring: ReportKeyRing;
let keysDir: string;
let queue: WebhookQueue;
let worker: WebhookWorker;
const servers: Server[] = [];

const auditor = (org: string): Caller => ({ sub: `auditor-${org}`, org, roles: ['auditor'], issuer: 'test', tokenId: null });
const verifier: Caller = { sub: 'verifier-370102', org: '370102', roles: ['verifier'], issuer: 'test', tokenId: null };

async function receiver(): Promise<{ url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.statusCode = 204;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/findings`, bodies };
}

beforeAll(async () => {
  t = await createTestDatabase();
  keysDir = mkdtempSync(join(tmpdir(), 'finding-keys-'));
  ring = await openReportKeyRing(keysDir);
  const conn = { redisUrl: REDIS_URL, prefix: `test-af-${randomBytes(4).toString('hex')}` };
  queue = createWebhookQueue(conn);
  worker = startWebhookWorker({ ...conn, db: t.db, signer: ring, logger: quiet, attempts: 3, backoffMs: 50, timeoutMs: 2_000 });
  // Receivers on loopback: the development switch, for this file's module instance.
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

describe('findings pushed to webhooks', () => {
  it('delivers a new finding once, signed as a finding, to the audit office of its region only', async () => {
    const [lixia, jining, changes] = [await receiver(), await receiver(), await receiver()];
    await subscribe(t.db, auditor('370102'), { url: lixia.url, kinds: [AUDIT_FINDING_KIND] });
    await subscribe(t.db, auditor('370800'), { url: jining.url, kinds: [AUDIT_FINDING_KIND] });
    await subscribe(t.db, verifier, { url: changes.url, kinds: [] });

    const [seq] = await recordAuditEvents(t.db, [verification('v-hook', '370102', { regionCode: '370102', subjects: [person()], applicationRef: 'test' })]);
    // Besides this one, OFF_HOURS may hold too, depending on when the test runs.
    const { created } = await runFindings(t.db, { settleMs: 0 });
    expect(created).toBeGreaterThanOrEqual(1);
    const pusher = { deliveries: enqueueFindingDeliveries, enqueue: (ids: readonly string[]) => queue.enqueue(ids) };
    expect(await pushFindings(t.db, pusher)).toBe(created);
    expect(await pushFindings(t.db, pusher)).toBe(0);

    await until('the findings delivered', async () => lixia.bodies.length, (n) => n >= created);
    const sent: FindingWebhookPayload[] = [];
    for (const body of lixia.bodies) {
      const { payload, protectedHeader } = await compactVerify(body, createLocalJWKSet(ring.jwks()));
      expect(protectedHeader.typ).toBe(AUDIT_FINDING_JWS_TYP);
      sent.push(JSON.parse(new TextDecoder().decode(payload)) as FindingWebhookPayload);
    }
    const finding = sent.find((p) => p.finding.rule === 'LOOKUP_WITHOUT_APPLICATION');
    expect(finding).toMatchObject({ kind: 'AUDIT_FINDING', finding: { actorSub: 'v-hook', regionCode: '370102', evidenceSeqs: [seq] } });
    expect(finding!.finding.summaryZh).toContain('申请编号');
    expect(finding!.finding.subjects).toEqual(['?']);
    const rows = await t.db('webhook_deliveries').whereNotNull('audit_finding_id').count<{ count: string | number }[]>('* as count');
    expect(Number(rows[0]?.count)).toBe(created);
    expect(jining.bodies).toEqual([]);
    expect(changes.bodies).toEqual([]);
  });

  it('is pushed by the hub’s interval run, which finds and pushes without being asked', async () => {
    const office = await receiver();
    await subscribe(t.db, auditor('370103'), { url: office.url, kinds: [AUDIT_FINDING_KIND] });
    const timer = startFindingsTimer(t.db, quiet, 100, { deliveries: enqueueFindingDeliveries, enqueue: (ids) => queue.enqueue(ids) });
    try {
      // An assistance system's account: OFF_HOURS leaves it out, so the one finding does not depend on the hour the test runs.
      const [seq] = await recordAuditEvents(t.db, [verification('v-timer', '370103', { regionCode: '370103', subjects: [person()], applicationRef: '000', roles: ['assistance-system'] })]);
      await until('the finding pushed', async () => office.bodies.length, (n) => n >= 1);
      const found = await Promise.all(office.bodies.map(async (b) => (JSON.parse(new TextDecoder().decode((await compactVerify(b, createLocalJWKSet(ring.jwks()))).payload)) as FindingWebhookPayload).finding));
      expect(found.find((f) => f.rule === 'LOOKUP_WITHOUT_APPLICATION')).toMatchObject({ actorSub: 'v-timer', evidenceSeqs: [seq] });
    } finally {
      await timer.stop();
    }
  });

  it('keeps the audit office’s subscriptions apart from the change subscriptions of the same organisation', async () => {
    const office = await listSubscriptions(t.db, '370102', { audience: 'audit' });
    expect(office.map((s) => s.kinds)).toEqual([[AUDIT_FINDING_KIND]]);
    expect((await listSubscriptions(t.db, '370102')).map((s) => s.kinds)).toEqual([[]]);
    // A verifier of the same organisation neither finds it among the change subscriptions nor may cancel audit ones.
    await expect(unsubscribe(t.db, verifier, office[0]!.id)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(unsubscribe(t.db, verifier, office[0]!.id, 'audit')).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await unsubscribe(t.db, auditor('370102'), office[0]!.id, 'audit')).toBe(true);
    await expect(subscribe(t.db, verifier, { url: 'https://example.org/x', kinds: [AUDIT_FINDING_KIND] })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(subscribe(t.db, auditor('370102'), { url: 'https://example.org/x', kinds: [AUDIT_FINDING_KIND, 'DEATH'] })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});
