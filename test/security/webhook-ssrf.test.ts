import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/index.js';
import { recordChanges } from '../../src/changes/index.js';
import { openReportKeyRing, type ReportKeyRing } from '../../src/signing/index.js';
import { allowWebhookHost, attemptDelivery, configureWebhooks, enqueueDeliveries, listDeliveries, subscribe, type HostLookup } from '../../src/webhooks/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';
import { upsertPersons } from '../../src/households/index.js';

let t: TestDatabase;
let ring: ReportKeyRing;
let keysDir: string;
const servers: Server[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  keysDir = mkdtempSync(join(tmpdir(), 'ssrf-keys-'));
  ring = await openReportKeyRing(keysDir);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await t?.drop();
  if (keysDir) rmSync(keysDir, { recursive: true, force: true });
});

const caller = (org: string, roles: Caller['roles'] = ['assistance-system']): Caller => ({ sub: `ssrf-${org}`, org, roles, issuer: 'test', tokenId: null });
/** A resolver answering every name with `addresses` (and counting its questions). */
function dns(...addresses: string[]): HostLookup & { asked: number } {
  const lookup = Object.assign(async () => {
    lookup.asked += 1;
    return addresses.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  }, { asked: 0 });
  return lookup;
}
const PUBLIC = '93.184.215.14';

async function receiver(host = '127.0.0.1'): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    res.statusCode = 204;
    res.end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return { port: (server.address() as AddressInfo).port, hits: () => hits };
}

/** A change event in the organisation's region with its delivery (the subscription must exist). */
async function deliveryFor(regionCode: string): Promise<string> {
  const [h] = await t.db('households').insert({ region_code: regionCode, external_ref: randomUUID() }).returning('id');
  const reports: string[] = [];
  for (const at of [new Date(Date.now() - 60_000), new Date()]) {
    const [rq] = await t.db('verification_requests').insert({ household_id: h.id, purpose: 'PERIODIC_REVIEW', requester_sub: 's', requester_org: regionCode, requester_roles: ['verifier'], status: 'COMPLETED', created_at: at }).returning('id');
    const id = randomUUID();
    await t.db('reports').insert({ id, request_id: rq.id, household_id: h.id, body_sha256: '0'.repeat(64), status: 'COMPLETE', created_at: at });
    reports.push(id);
  }
  const personIds = await t.db.transaction((trx) => upsertPersons(trx, [{ idNumber: `9${randomBytes(8).toString('hex').replace(/[a-f]/g, '1').slice(0, 16)}X`, name: '测试', birthDate: '1970-01-01', sex: 'MALE' }]));
  const p = { id: [...personIds.values()][0]! };
  const ids = await t.db.transaction(async (trx) => {
    const events = await recordChanges(trx, { householdId: h.id, regionCode, reportId: reports[1]!, previousReportId: reports[0]!, changes: [{ kind: 'NEW_VEHICLE', personId: p.id, attributes: ['ps_vehicle.vehicle_count'], before: 0, after: 1 }] });
    return enqueueDeliveries(trx, events);
  });
  return ids[0]!;
}
const attempt = (id: string, lookup?: HostLookup, more: { allowLoopback?: boolean; production?: boolean } = {}) => attemptDelivery(t.db, ring, id, { attempt: 1, attempts: 3, timeoutMs: 2_000, lookup, ...more });
const platform = (org: string): Caller => caller(org, ['admin', 'platform-admin']);

describe('webhook targets', () => {
  it('refuses internal addresses in every literal form, naming url and the kind of address, never the address', async () => {
    const urls = [
      'https://127.0.0.1/x', 'https://127.1/x', 'https://[::1]/x', 'https://10.1.2.3/', 'https://172.16.0.1/', 'https://192.168.1.1/', 'https://[fd12::1]/',
      'https://169.254.169.254/latest/meta-data', 'https://2852039166/', 'https://0xa9fea9fe/', 'https://0251.0376.0251.0376/', 'https://[::ffff:169.254.169.254]/', 'https://[::ffff:a9fe:a9fe]/',
      'https://[fd00:ec2::254]/', 'https://[fe80::1]/', 'https://100.64.0.1/', 'https://100.100.100.200/', 'https://0.0.0.0/', 'https://224.0.0.1/', 'https://[2002:a9fe:a9fe::1]/',
      // Attacker review: ECS task credentials, Azure wire server, IPv4-compatible IPv6 (::/96).
      'https://169.254.170.2/v2/credentials', 'https://168.63.129.16/', 'https://[::a9fe:a9fe]/', 'https://[::127.0.0.1]/', 'https://[::10.0.0.1]/',
    ];
    for (const url of urls) {
      const err = await subscribe(t.db, caller('370102'), { url }).then(() => null, (e: Error & { extensions?: Record<string, unknown> }) => e);
      expect(err?.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      expect(err!.message, url).toMatch(/^url: resolves to an? (loopback|private|link-local|cloud metadata|shared|unspecified|multicast|reserved|IPv4-compatible)/);
      expect(err!.message, url).not.toMatch(/169\.254|a9fe|127\.|10\.1|192\.168/);
    }
  });

  it('resolves a host name and refuses it when any of its addresses is internal', async () => {
    await expect(subscribe(t.db, caller('370102'), { url: 'https://hooks.example.org/' }, { lookup: dns('10.0.0.8') })).rejects.toThrow('url: resolves to a private address');
    await expect(subscribe(t.db, caller('370102'), { url: 'https://mixed.example.org/' }, { lookup: dns(PUBLIC, '169.254.169.254') })).rejects.toThrow('url: resolves to a cloud metadata address');
    await expect(subscribe(t.db, caller('370102'), { url: 'https://nowhere.example.org/' }, { lookup: async () => Promise.reject(new Error('ENOTFOUND')) })).rejects.toThrow('url: the host name does not resolve');
    await expect(subscribe(t.db, caller('370102'), { url: 'https://public.example.org/' }, { lookup: dns(PUBLIC) })).resolves.toMatchObject({ url: 'https://public.example.org/' });
  });

  it('lets a platform administrator allow an internal host explicitly (audited), never a metadata address', async () => {
    const admin = platform('370000');
    await expect(allowWebhookHost(t.db, caller('370102', ['verifier']), { pattern: '10.0.0.8' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(allowWebhookHost(t.db, platform('370102'), { org: '320000', pattern: '10.0.0.8' })).rejects.toMatchObject({ extensions: { code: 'OUT_OF_JURISDICTION', field: 'org' } });
    for (const pattern of ['0.0.0.0/0', '::/0', '*', 'not a host!']) await expect(allowWebhookHost(t.db, admin, { pattern })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'pattern' } });
    const entry = await allowWebhookHost(t.db, admin, { pattern: 'Hooks.Corp.Internal' });
    expect(entry).toMatchObject({ org: '370000', pattern: 'hooks.corp.internal' });
    await allowWebhookHost(t.db, admin, { pattern: '10.20.0.0/16' });
    // The province's entries cover its counties; not another province.
    await expect(subscribe(t.db, caller('370102'), { url: 'https://hooks.corp.internal/in' }, { lookup: dns('10.9.9.9') })).resolves.toBeDefined();
    await expect(subscribe(t.db, caller('370102'), { url: 'https://any.corp.internal/in' }, { lookup: dns('10.20.3.4') })).resolves.toBeDefined();
    await expect(subscribe(t.db, caller('320102'), { url: 'https://hooks.corp.internal/in' }, { lookup: dns('10.9.9.9') })).rejects.toThrow('private address');
    await expect(subscribe(t.db, caller('370102'), { url: 'https://hooks.corp.internal/md' }, { lookup: dns('169.254.169.254') })).rejects.toThrow('cloud metadata address');
    // An allowed name re-pointed at the loopback or link-local is refused all the same.
    await expect(subscribe(t.db, caller('370102'), { url: 'https://hooks.corp.internal/lo' }, { lookup: dns('127.0.0.1') })).rejects.toThrow('loopback address');
    await expect(subscribe(t.db, caller('370102'), { url: 'https://hooks.corp.internal/ecs' }, { lookup: dns('169.254.170.2') })).rejects.toThrow('cloud metadata address');
    const audited = await t.db('audit_events').where({ action: 'webhook.allow-host', actor_sub: 'ssrf-370000' }).orderBy('seq').select('details');
    expect(audited.map((a: { details: { pattern: string } }) => a.details.pattern).sort()).toEqual(['10.20.0.0/16', 'hooks.corp.internal']);
  });

  // Attacker review: a county admin allowed 127.0.0.0/8 and 169.254.0.0/16, then subscribed to the sandbox port.
  it('never allows loopback, link-local or metadata, whatever the allow-list says; only platform-admin adds entries', async () => {
    const county = caller('370103', ['admin']);
    await expect(allowWebhookHost(t.db, county, { pattern: '127.0.0.0/8' })).rejects.toMatchObject({ extensions: { code: expect.stringMatching(/FORBIDDEN|BAD_USER_INPUT/), field: 'pattern' } });
    await expect(allowWebhookHost(t.db, county, { pattern: '10.1.2.3' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'pattern' } });
    for (const pattern of ['127.0.0.0/8', '127.0.0.1', '169.254.0.0/16', '169.254.0.0/17', '169.254.170.2', '168.63.129.16', '168.63.0.0/16', '::1', 'fe80::/10', '::a9fe:a9fe', '::/96', '100.100.0.0/16']) {
      await expect(allowWebhookHost(t.db, platform('370000'), { pattern }), pattern).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'pattern' } });
    }
    // Entries stored before this rule (or written into the table) open nothing.
    await t.db('webhook_allowed_hosts').insert([{ org: '370103', pattern: '127.0.0.0/8', created_by: 'old' }, { org: '370103', pattern: '169.254.0.0/16', created_by: 'old' }, { org: '370103', pattern: 'sandbox.internal', created_by: 'old' }]);
    const sink = await receiver();
    await expect(subscribe(t.db, caller('370103'), { url: `http://127.0.0.1:${sink.port}/hook` })).rejects.toThrow('url: resolves to a loopback address');
    await expect(subscribe(t.db, caller('370103'), { url: `http://[::7f00:1]:${sink.port}/hook` }, { allowLoopbackHttp: true })).rejects.toThrow('url: must be https');
    await expect(subscribe(t.db, caller('370103'), { url: 'https://[::a9fe:a9fe]/latest' })).rejects.toThrow('IPv4-compatible');
    await expect(subscribe(t.db, caller('370103'), { url: 'https://sandbox.internal/' }, { lookup: dns('169.254.170.2') })).rejects.toThrow('cloud metadata address');
    await expect(subscribe(t.db, caller('370103'), { url: 'https://sandbox.internal/' }, { lookup: dns('169.254.10.10') })).rejects.toThrow('link-local address');
    // And at delivery: a subscription that got in is not delivered to the loopback.
    await subscribe(t.db, caller('370103'), { url: `http://localhost:${sink.port}/hook` }, { lookup: dns(PUBLIC) });
    const id = await deliveryFor('370103');
    expect(await attempt(id, dns('127.0.0.1'))).toMatchObject({ outcome: 'RETRY', error: 'target address not allowed' });
    expect(sink.hits()).toBe(0);
  });

  it("lets an organisation's admin allow only addresses inside the operator's WEBHOOK_PERMITTABLE_CIDRS", async () => {
    configureWebhooks({ permittableCidrs: ['10.40.0.0/16'] });
    try {
      const county = caller('370112', ['admin']);
      await expect(allowWebhookHost(t.db, county, { pattern: '10.40.7.0/24' })).resolves.toMatchObject({ pattern: '10.40.7.0/24' });
      await expect(allowWebhookHost(t.db, county, { pattern: '10.40.0.0/15' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'pattern' } });
      await expect(allowWebhookHost(t.db, county, { pattern: 'hooks.county.internal' })).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', field: 'pattern' } });
    } finally {
      configureWebhooks({});
    }
  });

  it('delivers nothing but https in production: an http subscription saved under development goes DEAD with a generic error', async () => {
    const sink = await receiver();
    await subscribe(t.db, caller('320113'), { url: `http://127.0.0.1:${sink.port}/hook` }, { allowLoopback: true });
    const id = await deliveryFor('320113');
    const result = await attempt(id, undefined, { allowLoopback: true, production: true });
    expect(result).toMatchObject({ outcome: 'DEAD', error: 'https required', failed: true });
    expect(sink.hits()).toBe(0);
    expect((await listDeliveries(t.db, '320113'))[0]).toMatchObject({ id, status: 'DEAD', lastError: 'https required' });
  });

  it('checks again at delivery: a name re-pointed to an internal address after subscribing gets nothing (DNS rebinding)', async () => {
    const sink = await receiver();
    await subscribe(t.db, caller('620702'), { url: `http://localhost:${sink.port}/hook` }, { lookup: dns(PUBLIC) });
    const id = await deliveryFor('620702');
    const result = await attempt(id, dns('127.0.0.1'));
    expect(result).toMatchObject({ outcome: 'RETRY', error: 'target address not allowed', detail: expect.stringContaining('127.0.0.1') });
    expect(sink.hits()).toBe(0);
    expect((await listDeliveries(t.db, '620702'))[0]).toMatchObject({ id, attempts: 1, lastError: 'target address not allowed' });
  });

  it('connects to the address it checked, not to a second resolution', async () => {
    // Listening on 127.0.0.2 only: the system resolver's localhost (127.0.0.1 or ::1) has nothing on this port.
    const sink = await receiver('127.0.0.2');
    // The development switch (WEBHOOK_ALLOW_LOOPBACK=on) lets a receiver on the loopback in.
    const lookup = dns('127.0.0.2');
    await subscribe(t.db, caller('620802'), { url: `http://localhost:${sink.port}/hook` }, { lookup, allowLoopback: true });
    const id = await deliveryFor('620802');
    expect(await attempt(id, lookup, { allowLoopback: true })).toMatchObject({ outcome: 'DELIVERED' });
    expect(sink.hits()).toBe(1);
    expect(lookup.asked).toBe(2);
  });

  it('shows the subscriber a generic lastError; the detail stays with the hub', async () => {
    const closed = await receiver();
    const port = closed.port;
    await new Promise((r) => servers.pop()!.close(r));
    await subscribe(t.db, caller('321102'), { url: `http://127.0.0.1:${port}/hook` }, { allowLoopback: true });
    const id = await deliveryFor('321102');
    const result = await attempt(id, undefined, { allowLoopback: true });
    expect(result).toMatchObject({ outcome: 'RETRY', error: 'connection failed', detail: expect.stringContaining(String(port)) });
    const [shown] = await listDeliveries(t.db, '321102');
    expect(shown!.lastError).toBe('connection failed');
  });
});
