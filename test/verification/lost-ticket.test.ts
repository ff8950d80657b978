import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';
import { readReportBody } from '../../src/reports/index.js';

let t: TestHub;

beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

describe('a bank that loses the inquiry it answered with a ticket', () => {
  it('is asked again at once instead of being polled until the pending deadline, and the report completes', async () => {
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102' && x.members.some((m) => 'bank_icbc' in m.traits.deposits))!;
    const token = await t.token(['verifier'], '370102');
    const documentSha256 = await t.consentDocument(token);
    const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
    expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents })).body.errors).toBeUndefined();
    t.hub.sandbox!.setBehaviour('bank_icbc', { asyncDelayMs: 600 });
    try {
      t.hub.sandbox!.resetStats();
      const input = { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}`, sources: ['bank_icbc'] };
      const res = await t.gql<{ requestVerification: { id: string; status: string } }>(token, 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status } }', { input });
      const { id, status } = res.body.data!.requestVerification;
      expect(status).toBe('PENDING');
      expect(t.hub.sandbox!.forgetTickets('bank_icbc')).toBe(1);

      const started = Date.now();
      await t.hub.verification.settled();
      expect(Date.now() - started).toBeLessThan(10_000);
      const report = { ...(await t.hub.db('reports').where({ id }).first('status')), body: (await readReportBody(t.hub.db, id))! };
      expect(report.status).toBe('COMPLETE');
      expect(report.body.sources[0]).toMatchObject({ source: 'bank_icbc', status: 'OK' });
      const holder = h.members.find((m) => 'bank_icbc' in m.traits.deposits)!;
      expect(report.body.members.find((m: { idNumber: string }) => m.idNumber === holder.idNumber).records.bank_icbc.found).toBe(true);
      // The inquiry was made twice: once by the verification, once again when its ticket was lost.
      expect(t.hub.sandbox!.stats().bank_icbc).toMatchObject({ calls: 2 });
      const row = await t.hub.db('source_results').where({ request_id: report.body.requestId, source_id: 'bank_icbc' }).first('status', 'tickets');
      expect(row.status).toBe('OK');
      expect(row.tickets).toEqual([report.body.sources[0].tickets[0].ticket]);
    } finally {
      t.hub.sandbox!.setBehaviour('bank_icbc', { asyncDelayMs: 100 });
    }
  });
});
