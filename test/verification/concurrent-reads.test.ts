import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem, until } from '../kit/index.js';

let t: TestHub;
let token: string;

const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status discrepancies { kind } } }';
const READ = 'query($id: ID!) { verificationReport(id: $id) { id status sources { source status } } }';
const BATCH = 'mutation($h: [BatchHouseholdInput!]!) { submitBatch(purpose: PERIODIC_REVIEW, households: $h, chunkSize: 10) { id } }';

async function consent(hs: SandboxHousehold[]) {
  const persons = hs.flatMap((h) => h.members);
  for (let i = 0; i < persons.length; i += 200) {
    const res = await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: persons.slice(i, i + 200).map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256: 'cd'.repeat(32), purposes: ['NEW_APPLICATION', 'PERIODIC_REVIEW'], validFrom: '2026-01-01', validUntil: '2027-12-31' })),
    });
    expect(res.body.errors).toBeUndefined();
  }
}

beforeAll(async () => {
  // Banks answer a little later, so reads, bank answers and a batch's writes overlap.
  t = await startTestHub({ SANDBOX_BANK_DELAY_MS: '300', REQUEST_DEADLINE_MS: '20000' });
  token = await t.token(['verifier', 'assistance-system'], '370100');
});
afterAll(async () => {
  await t?.stop();
});

describe('reading reports while their bank answers are applied', () => {
  it('answers every read, and every report completes, while banks answer and a batch writes', async () => {
    const all = t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102');
    const single = all.slice(0, 6);
    const batch = all.slice(6, 36);
    await consent([...single, ...batch]);

    const ids = await Promise.all(
      single.map(async (h) => {
        const item = batchItem(h);
        const res = await t.gql<{ requestVerification: { id: string; status: string } }>(token, VERIFY, { input: { ...item, purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}` } });
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data!.requestVerification.status).toBe('PENDING');
        return res.body.data!.requestVerification.id;
      }),
    );
    const submitted = await t.gql<{ submitBatch: { id: string } }>(token, BATCH, { h: batch.map(batchItem) });
    expect(submitted.body.errors).toBeUndefined();

    // Several clients read the pending reports in a tight loop until all are complete.
    const errors: unknown[] = [];
    const complete = new Set<string>();
    let reads = 0;
    const deadline = Date.now() + 40_000;
    const reader = async (offset: number) => {
      for (let i = offset; complete.size < ids.length && Date.now() < deadline; i += 1) {
        const id = ids[i % ids.length]!;
        const res = await t.gql<{ verificationReport: { status: string } }>(token, READ, { id });
        reads += 1;
        if (res.status !== 200 || res.body.errors) errors.push(res.body.errors ?? res.status);
        else if (res.body.data!.verificationReport.status === 'COMPLETE') complete.add(id);
      }
    };
    await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(reader));

    expect(errors).toEqual([]);
    expect(reads).toBeGreaterThan(ids.length);
    expect([...complete].sort()).toEqual([...ids].sort());
    const batchReports = await until(
      'every batch report settled',
      () => t.hub.db('reports as r').join('verification_requests as q', 'q.id', 'r.request_id').where('q.batch_id', submitted.body.data!.submitBatch.id).select('r.status'),
      (rows: { status: string }[]) => rows.length === batch.length && rows.every((r) => r.status === 'COMPLETE'),
      40_000,
    );
    expect(batchReports).toHaveLength(batch.length);
  }, 120_000);
});
