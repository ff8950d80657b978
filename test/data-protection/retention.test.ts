import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { idNumberHashes } from '../../src/households/index.js';
import { policyFor, purgeExpired, saveRetentionPolicy, type RetentionPolicy } from '../../src/retention/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

const DAY = 86_400_000;
let t: TestHub;
let verifier: string;
let verified: SandboxHousehold;
let refused: SandboxHousehold;
let reportId: string;

const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status } }';

function inputFor(h: SandboxHousehold, ref: string) {
  return {
    household: { regionCode: h.regionCode, externalRef: h.id, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: 0 })), declaredAssets: h.declaration.assets },
    purpose: 'NEW_APPLICATION',
    applicationRef: ref,
  };
}

const inRegion = (h: SandboxHousehold) => h.regionCode === '370102' && h.members.length >= 2 && h.applicant && h.members.every((m) => (m.traits.hukouRegion ?? m.regionCode) === '370102');
const personsOf = async (h: SandboxHousehold) => Number((await t.hub.db('persons').whereIn('id_number_hmac', idNumberHashes(t.hub.db, h.members.map((m) => m.idNumber))).count({ n: '*' }).first())!.n);

beforeAll(async () => {
  t = await startTestHub({ SANDBOX_BANK_DELAY_MS: '0' });
  verifier = await t.token(['verifier'], '370102');
  [verified, refused] = t.hub.sandbox!.population.households.filter(inRegion) as [SandboxHousehold, SandboxHousehold];
  const documentSha256 = await t.consentDocument(verifier);
  const consents = verified.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2028-01-01' }));
  expect((await t.gql(verifier, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents })).body.errors).toBeUndefined();
  const ok = await t.gql<{ requestVerification: { id: string } }>(verifier, VERIFY, { input: inputFor(verified, 'KEEP-1') });
  expect(ok.body.errors).toBeUndefined();
  reportId = ok.body.data!.requestVerification.id;
  // No consent: refused, its members recorded only as the refusal's subjects.
  const no = await t.gql(verifier, VERIFY, { input: inputFor(refused, 'REFUSED-1') });
  expect(no.body.errors?.[0]?.extensions?.code).toBe('CONSENT_MISSING');
});
afterAll(async () => {
  await t?.stop();
});

describe('retention policy', () => {
  it('picks the smallest region containing the data, else the global policy', () => {
    const p = (id: number, regionCode: string | null): RetentionPolicy => ({ id, regionCode, effectiveFrom: '2026-01-01', refusedPersonDays: 90, reportDays: 3650, basis: 'test' });
    const policies = [p(1, null), p(2, '370000'), p(3, '370102')];
    expect(policyFor(policies, '370102').id).toBe(3);
    expect(policyFor(policies, '370103').id).toBe(2);
    expect(policyFor(policies, '110105').id).toBe(1);
    expect(policyFor(policies, null).id).toBe(1);
  });

  it('keeps everything within its period', async () => {
    expect(await purgeExpired(t.hub.db, new Date(Date.now() + 89 * DAY))).toEqual({ persons: 0, reports: 0 });
    expect(await personsOf(refused)).toBe(refused.members.length);
  });

  it('removes persons named only in refused requests after the period, audited with them as subjects', async () => {
    const ids: string[] = await t.hub.db('persons').whereIn('id_number_hmac', idNumberHashes(t.hub.db, refused.members.map((m) => m.idNumber))).pluck('id');
    const events = Number((await t.hub.db('audit_events').count({ n: '*' }).first())!.n);
    const purged = await purgeExpired(t.hub.db, new Date(Date.now() + 91 * DAY));
    expect(purged).toEqual({ persons: refused.members.length, reports: 0 });
    expect(await personsOf(refused)).toBe(0);
    expect(await personsOf(verified)).toBe(verified.members.length);
    const [event] = await t.hub.db('audit_events').where({ action: 'retention.purge' }).select('subject_ids', 'details', 'outcome');
    expect(event.outcome).toBe('ALLOWED');
    expect([...event.subject_ids].sort()).toEqual([...ids].sort());
    expect(event.details).toMatchObject({ persons: refused.members.length, keptDays: 90 });
    // Audit events are never removed by it: one more, none fewer.
    expect(Number((await t.hub.db('audit_events').count({ n: '*' }).first())!.n)).toBe(events + 1);
  });

  it("removes a report's body, declaration and versions after its region's period, audited per report", async () => {
    const today = new Date().toISOString().slice(0, 10);
    await saveRetentionPolicy(t.hub.db, { regionCode: '370102', effectiveFrom: today, refusedPersonDays: 90, reportDays: 30, basis: 'test: a county keeping reports 30 days' });
    // A version starting later is not yet in force.
    await saveRetentionPolicy(t.hub.db, { regionCode: '370102', effectiveFrom: '2099-01-01', refusedPersonDays: 90, reportDays: 1, basis: 'test: not yet' });
    expect(await purgeExpired(t.hub.db, new Date(Date.now() + 29 * DAY))).toEqual({ persons: 0, reports: 0 });
    expect(await purgeExpired(t.hub.db, new Date(Date.now() + 31 * DAY))).toEqual({ persons: 0, reports: 1 });
    const row = await t.hub.db('reports').where({ id: reportId }).first('body_sealed', 'purged_at', 'request_id', 'body_sha256');
    expect(row.body_sealed).toBeNull();
    expect(row.purged_at).toBeInstanceOf(Date);
    expect(row.body_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await t.hub.db('verification_requests').where({ id: row.request_id }).first('declared_sealed')).toEqual({ declared_sealed: null });
    const event = await t.hub.db('audit_events').where({ action: 'retention.purge', report_id: reportId }).first('request_id', 'region_code', 'details');
    expect(event).toMatchObject({ request_id: row.request_id, region_code: '370102', details: { keptDays: 30, policyRegion: '370102' } });
    const read = await t.gql<{ verificationReport: unknown }>(verifier, 'query($id: ID!) { verificationReport(id: $id) { id } }', { id: reportId });
    expect(read.body.data?.verificationReport ?? null).toBeNull();
    expect(await purgeExpired(t.hub.db, new Date(Date.now() + 31 * DAY))).toEqual({ persons: 0, reports: 0 });
  });

  it('refuses a policy of an unknown region or a period under a day', async () => {
    await expect(saveRetentionPolicy(t.hub.db, { regionCode: '999999', effectiveFrom: '2026-01-01', refusedPersonDays: 1, reportDays: 1, basis: 'x' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'regionCode' } });
    await expect(saveRetentionPolicy(t.hub.db, { regionCode: null, effectiveFrom: '2026-01-01', refusedPersonDays: 0, reportDays: 1, basis: 'x' })).rejects.toMatchObject({ extensions: { field: 'refusedPersonDays' } });
  });
});
