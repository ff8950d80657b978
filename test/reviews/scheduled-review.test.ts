import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { until } from '../kit/index.js';

let t: TestHub;
let receiver: Server;
const received: string[] = [];


const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => resolve(body));
});

beforeAll(async () => {
  t = await startTestHub({ RECONCILE_INTERVAL_MS: '500', SANDBOX_BANK_DELAY_MS: '20', WEBHOOK_BACKOFF_MS: '50', REVIEW_MIN_INTERVAL_S: '1', WEBHOOK_ALLOW_LOOPBACK: 'on' });
  receiver = createServer(async (req, res) => {
    received.push(await read(req));
    res.statusCode = 204;
    res.end();
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await t?.stop();
  await new Promise((r) => receiver.close(r));
});

describe('scheduled re-checks', () => {
  it('re-verifies the region on its cron, records what changed and pushes it to subscribers as a signed webhook', async () => {
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370104' && x.members.length >= 2 && x.members.every((m) => m.traits.vehicleCount === 0))!;
    const verifier = await t.token(['verifier', 'assistance-system'], '370104');
    const documentSha256 = await t.consentDocument(verifier);
    await t.gql(verifier, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['PERIODIC_REVIEW'], validFrom: '2026-01-01', validUntil: '2027-12-31' })),
    });
    const input = { purpose: 'PERIODIC_REVIEW', applicationRef: 'FIRST', household: { regionCode: h.regionCode, externalRef: h.id, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: 0 })) } };
    const first = await t.gql<{ requestVerification: { id: string } }>(verifier, 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id members { attributes { code } } } }', { input });
    expect(first.body.errors).toBeUndefined();
    await t.hub.verification.settled();
    // Only a complete report gives the household the status a re-check starts from: said here rather than by a timeout below.
    const firstReport = await t.gql<{ verificationReport: { status: string; sources: { source: string; status: string }[] } }>(verifier, 'query($id: ID!) { verificationReport(id: $id) { status sources { source status } } }', { id: first.body.data!.requestVerification.id });
    expect(firstReport.body.data!.verificationReport.sources.filter((s) => s.status !== 'OK' && s.status !== 'NOT_FOUND')).toEqual([]);

    const port = (receiver.address() as AddressInfo).port;
    // The receiver is on loopback, which no allow-list opens: the hub runs with the development
    // switch WEBHOOK_ALLOW_LOOPBACK=on (refused in production).
    const sub = await t.gql<{ subscribeWebhook: { id: string } }>(verifier, 'mutation($u: String!) { subscribeWebhook(url: $u, kinds: ["NEW_VEHICLE"]) { id } }', { u: `http://127.0.0.1:${port}/hook` });
    expect(sub.body.errors).toBeUndefined();

    // The household buys a car after its first verification.
    const buyer = h.members[0]!;
    Object.assign(buyer.traits, { vehicleCount: 1, vehicleValue: 88_000 });
    const since = new Date().toISOString();
    const admin = await t.token(['admin'], '370100');
    const scheduled = await t.gql<{ scheduleReview: { id: string; cron: string } }>(admin, 'mutation { scheduleReview(regionCode: "370104", cron: "*/2 * * * * *", purpose: PERIODIC_REVIEW) { id cron } }');
    expect(scheduled.body.errors).toBeUndefined();

    const changes = await until(
      'the re-check to find the new car',
      async () => (await t.gql<{ changes: { events: { kind: string; household: { externalRef: string }; person: { idNumberMasked: string } | null }[] } }>(verifier, 'query($s: String!) { changes(regionCode: "370104", since: $s) { events { kind household { externalRef } person { idNumberMasked } } } }', { s: since })).body.data!.changes.events,
      (events) => events.some((e) => e.kind === 'NEW_VEHICLE'),
    );
    expect(changes.find((e) => e.kind === 'NEW_VEHICLE')).toMatchObject({ household: { externalRef: h.id }, person: { idNumberMasked: `${buyer.idNumber.slice(0, 6)}********${buyer.idNumber.slice(14)}` } });

    await until('the webhook to arrive', async () => received.length, (n) => n > 0);
    const jwks = (await (await fetch(t.url.replace('/graphql', '/.well-known/jwks.json'))).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await compactVerify(received[0]!, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
    expect(protectedHeader.typ).toBe('hub-change-event+jws');
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ event: { kind: 'NEW_VEHICLE', regionCode: '370104' } });
    const deliveries = await t.gql<{ webhookDeliveries: { status: string }[] }>(verifier, '{ webhookDeliveries(status: "DELIVERED") { status } }');
    expect(deliveries.body.data!.webhookDeliveries.length).toBeGreaterThan(0);
  });

  it('refuses a schedule from a non-admin and a cron that does not parse, naming the field', async () => {
    const verifier = await t.token(['verifier'], '370104');
    const notAdmin = await t.gql(verifier, 'mutation { scheduleReview(regionCode: "370104", cron: "0 2 * * *", purpose: PERIODIC_REVIEW) { id } }');
    expect(notAdmin.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const admin = await t.token(['admin'], '370100');
    const bad = await t.gql(admin, 'mutation { scheduleReview(regionCode: "370102", cron: "every day", purpose: PERIODIC_REVIEW) { id } }');
    expect(bad.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cron' });
  });
});
