import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';

let t: TestHub;
let token: string;

const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status discrepancies { kind } } }';
const READ = 'query($id: ID!) { verificationReport(id: $id) { id status sources { source status } } }';
const BATCH = 'mutation($h: [BatchHouseholdInput!]!) { submitBatch(purpose: PERIODIC_REVIEW, households: $h, chunkSize: 10) { id } }';

async function consent(hs: SandboxHousehold[]) {
  const documentSha256 = await t.consentDocument(token);
  const persons = hs.flatMap((h) => h.members);
  for (let i = 0; i < persons.length; i += 200) {
    const res = await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: persons.slice(i, i + 200).map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION', 'PERIODIC_REVIEW'], validFrom: '2026-01-01', validUntil: '2027-12-31' })),
    });
    expect(res.body.errors).toBeUndefined();
  }
}

beforeAll(async () => {
  // Banks answer a little later, so reads, bank answers and a batch's writes overlap.
  // Quotas far above the loop's pace: this is about locks, and a read from memory takes a few milliseconds.
  t = await startTestHub({ SANDBOX_BANK_DELAY_MS: '300', REQUEST_DEADLINE_MS: '20000', QUOTA_REQUESTS_PER_SECOND: '100000', QUOTA_ORG_REQUESTS_PER_SECOND: '1000000' });
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

    // Several clients read the reports, single and batch, in a tight loop until every one has settled.
    const batchId = submitted.body.data!.submitBatch.id;
    const deadlocks = async () => Number((await t.hub.db.raw('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()')).rows[0].deadlocks);
    const deadlocksBefore = await deadlocks();
    const errors: unknown[] = [];
    const settled = new Set<string>();
    let batchIds: string[] = [];
    let reads = 0;
    const deadline = Date.now() + 60_000;
    const refreshBatch = async () => {
      batchIds = await t.hub.db('reports as r').join('verification_requests as q', 'q.id', 'r.request_id').where('q.batch_id', batchId).pluck('r.id');
    };
    const done = () => settled.size === ids.length + batch.length;
    const reader = async (offset: number) => {
      for (let i = offset; !done() && Date.now() < deadline; i += 1) {
        if (i % 10 === 0) await refreshBatch();
        const all = [...ids, ...batchIds];
        const id = all[i % all.length]!;
        const res = await t.gql<{ verificationReport: { status: string } }>(token, READ, { id });
        reads += 1;
        if (res.status !== 200 || res.body.errors) errors.push(res.body.errors ?? res.status);
        else if (res.body.data!.verificationReport.status !== 'PENDING') settled.add(id);
      }
    };
    await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(reader));

    expect(errors).toEqual([]);
    // Not one deadlock to retry: the lock order holds (PostgreSQL's statistics lag a little behind).
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await deadlocks()).toBe(deadlocksBefore);
    expect(reads).toBeGreaterThan(ids.length + batch.length);
    expect(settled.size).toBe(ids.length + batch.length);
    const statuses = await t.hub.db('reports').whereIn('id', [...ids, ...batchIds]).pluck('status');
    expect(statuses).toHaveLength(ids.length + batch.length);
    expect(statuses.every((s: string) => s === 'COMPLETE')).toBe(true);
  }, 120_000);
});
