import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReportBody } from '../../src/reports/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem, until } from '../kit/index.js';

let t: TestHub;
let token: string;

beforeAll(async () => {
  // A single verification waits 800 ms for its sources; a batch chunk waits up to 20 s.
  t = await startTestHub({ REQUEST_DEADLINE_MS: '800', BATCH_DEADLINE_MS: '20000', SANDBOX_BANK_DELAY_MS: '0' });
  token = await t.token(['verifier', 'assistance-system'], '370100');
});
afterAll(async () => {
  await t?.stop();
});

describe('deadlines of single and batch verifications', () => {
  it('waits for a slow source in a batch chunk where a single verification reports it TIMEOUT', async () => {
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102')!;
    const documentSha256 = await t.consentDocument(token);
    const consents = await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION', 'PERIODIC_REVIEW'], validFrom: '2026-01-01', validUntil: '2027-12-31' })),
    });
    expect(consents.body.errors).toBeUndefined();
    t.hub.sandbox!.setBehaviour('tax', { latencyMs: 1_500 });
    try {
      const single = await t.gql<{ requestVerification: { members: unknown[]; sources: { source: string; status: string }[] } }>(token, 'mutation($i: VerificationInput!) { requestVerification(input: $i) { members { attributes(sources: ["tax"]) { code } } sources { source status } } }', {
        i: { ...batchItem(h), purpose: 'NEW_APPLICATION' },
      });
      expect(single.body.data!.requestVerification.sources.find((s) => s.source === 'tax')!.status).toBe('TIMEOUT');

      const batch = await t.gql<{ submitBatch: { id: string } }>(token, 'mutation($h: [BatchHouseholdInput!]!) { submitBatch(purpose: PERIODIC_REVIEW, households: $h) { id } }', { h: [batchItem(h)] });
      const id = batch.body.data!.submitBatch.id;
      await until('the batch to finish', async () => (await t.gql<{ batch: { status: string } }>(token, 'query($id: ID!) { batch(id: $id) { status } }', { id })).body.data!.batch, (b) => b.status === 'DONE');
      const { id: reportId }: { id: string } = await t.hub.db('reports as r').join('verification_requests as q', 'q.id', 'r.request_id').where('q.batch_id', id).first('r.id');
      const body = (await readReportBody(t.hub.db, reportId))!;
      expect(['OK', 'NOT_FOUND']).toContain(body.sources.find((s) => s.source === 'tax')!.status);
    } finally {
      t.hub.sandbox!.setBehaviour('tax', { latencyMs: 0 });
    }
  });
});
