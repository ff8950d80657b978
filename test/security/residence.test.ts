import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

// Issue item 3 (residence): a 320102 verifier could put real 370102 residents into a "320102
// household" under consents of its own and read them. Public security is asked first.

let t: TestHub;
let nanjing: string;
const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status members { records { ps_hukou { name address } tax { wage_income_12m } } } } }';

const jinan = () => t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102' && h.members.length >= 2);
const posing = (h: SandboxHousehold, ref: string, extra: Record<string, unknown> = {}) => ({
  purpose: 'NEW_APPLICATION',
  applicationRef: ref,
  household: { regionCode: '320102', externalRef: ref, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation })) },
  ...extra,
});

async function consent(h: SandboxHousehold) {
  const documentSha256 = await t.consentDocument(nanjing);
  const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(nanjing, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c })).body.errors).toBeUndefined();
}

beforeAll(async () => {
  t = await startTestHub();
  nanjing = await t.token(['verifier'], '320102', 'nanjing-verifier');
});
afterAll(async () => {
  await t?.stop();
});

describe('residence check', () => {
  it('stops a household none of whose members is registered in its region after asking public security only, refused, audited and flagged', async () => {
    const h = jinan()[0]!;
    await consent(h);
    t.hub.sandbox!.resetStats();
    const res = await t.gql(nanjing, VERIFY, { input: posing(h, 'POSING-1') });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'RESIDENCE_MISMATCH', field: 'input.household.regionCode' });
    expect(JSON.stringify(res.body)).not.toContain(h.members[0]!.idNumber);
    expect(res.body.data ?? null).toBeNull();
    const stats = t.hub.sandbox!.stats();
    expect(Object.keys(stats)).toEqual(['ps_hukou']);
    expect(stats.ps_hukou).toMatchObject({ calls: 1, persons: h.members.length });
    const request = await t.hub.db('verification_requests').where({ application_ref: 'POSING-1' }).first();
    expect(request).toMatchObject({ status: 'REFUSED', error_code: 'RESIDENCE_MISMATCH' });
    const event = await t.hub.db('audit_events').where({ request_id: request.id }).first();
    expect(event).toMatchObject({ action: 'verification.request', outcome: 'REFUSED', error_code: 'RESIDENCE_MISMATCH', region_code: '320102' });
    const details = typeof event.details === 'string' ? JSON.parse(event.details) : event.details;
    expect(details).toMatchObject({ flag: 'RESIDENCE_MISMATCH', sources: { ps_hukou: 'OK' } });
    expect(Object.values(details.registered)).toContain('370102');
    expect(await t.hub.db('reports').where({ request_id: request.id }).first()).toBeUndefined();
    // The auditors over the household's region see it.
    const auditor = await t.token(['auditor'], '320100');
    const seen = await t.gql<{ auditEvents: { errorCode: string }[] }>(auditor, '{ auditEvents(first: 20) { errorCode } }');
    expect(seen.body.data!.auditEvents).toContainEqual({ errorCode: 'RESIDENCE_MISMATCH' });
  });

  it('proceeds on a documented reason, recorded with the request and in its audit event', async () => {
    const h = jinan()[1]!;
    await consent(h);
    const reason = { kind: 'MOVED', note: 'moved to Nanjing in 2026-03, rental contract on file' };
    t.hub.sandbox!.resetStats();
    const res = await t.gql<{ requestVerification: { id: string } }>(nanjing, VERIFY, { input: posing(h, 'MOVED-1', { residenceReason: reason }) });
    expect(res.body.errors).toBeUndefined();
    const request = await t.hub.db('verification_requests').where({ application_ref: 'MOVED-1' }).first();
    expect(request.residence_reason).toMatchObject({ ...reason, registeredInRegion: false });
    expect(request.residence_reason.misplaced).toHaveLength(h.members.length);
    const event = await t.hub.db('audit_events').where({ report_id: res.body.data!.requestVerification.id, action: 'verification.request' }).first();
    const details = typeof event.details === 'string' ? JSON.parse(event.details) : event.details;
    expect(details).toMatchObject({ flag: 'RESIDENCE_MISMATCH', residence: { kind: 'MOVED', registeredInRegion: false } });
    // ps_hukou asked once: the check's answers serve the report, without the check's own region code.
    expect(t.hub.sandbox!.stats().ps_hukou).toMatchObject({ calls: 1 });
  });

  it('refuses a reason without a note or of an unknown kind, naming the field', async () => {
    const h = jinan()[2]!;
    const res = await t.gql(nanjing, VERIFY, { input: posing(h, 'MOVED-2', { residenceReason: { kind: 'OTHER', note: '  ' } }) });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.residenceReason.note' });
  });

  it('verifies a household registered in its own region without a reason', async () => {
    const h = jinan()[3]!;
    const jinanToken = await t.token(['verifier'], '370102');
    const documentSha256 = await t.consentDocument(jinanToken);
    await t.gql(jinanToken, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' })) });
    const res = await t.gql(jinanToken, VERIFY, { input: { ...posing(h, 'HOME-1'), household: { ...posing(h, 'HOME-1').household, regionCode: '370102' } } });
    expect(res.body.errors).toBeUndefined();
  });

  // Attacker review: the check passed when one member was registered in the region (.some), and
  // supporters were never checked: a 320102 verifier registered its own consents for a 370102
  // resident, listed him as a supporter (or an extra member) of a real 320102 household, and read him.
  const nanjingHousehold = () => t.hub.sandbox!.population.households.filter((h) => h.regionCode === '320102' && h.members.length >= 1 && h.members.length <= 4);
  const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;
  const at = (h: SandboxHousehold, ref: string, extra: { supporters?: SandboxHousehold['members']; members?: SandboxHousehold['members']; residenceReason?: unknown } = {}) => ({
    purpose: 'NEW_APPLICATION',
    applicationRef: ref,
    household: {
      regionCode: '320102',
      externalRef: ref,
      members: [...h.members, ...(extra.members ?? [])].map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation === 'HEAD' && extra.members?.includes(m) ? 'OTHER' : m.relation })),
      ...(extra.supporters ? { supporters: extra.supporters.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: 'CHILD' })) } : {}),
    },
    ...(extra.residenceReason ? { residenceReason: extra.residenceReason } : {}),
  });

  it('refuses a 370102 resident listed as a supporter of a real 320102 household, naming him masked, after ps_hukou only', async () => {
    const home = nanjingHousehold()[0]!;
    const victim = jinan()[4]!.members[0]!;
    await consent(home);
    await consent({ ...jinan()[4]!, members: [victim] });
    t.hub.sandbox!.resetStats();
    const res = await t.gql(nanjing, VERIFY, { input: at(home, 'SUPPORTER-1', { supporters: [victim] }) });
    const error = res.body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'RESIDENCE_MISMATCH', field: 'input.household.regionCode', persons: [masked(victim.idNumber)] });
    expect(error?.message).toContain(`supporters registered outside your jurisdiction: ${masked(victim.idNumber)}`);
    expect(JSON.stringify(res.body)).not.toContain(victim.idNumber);
    expect(Object.keys(t.hub.sandbox!.stats())).toEqual(['ps_hukou']);
    const request = await t.hub.db('verification_requests').where({ application_ref: 'SUPPORTER-1' }).first();
    const event = await t.hub.db('audit_events').where({ request_id: request.id }).first();
    expect(event.details).toMatchObject({ flag: 'RESIDENCE_MISMATCH', misplaced: [{ person: masked(victim.idNumber), role: 'supporter', registered: '370102' }] });
  });

  it('refuses a mixed household: one member registered in the region no longer lets the others through', async () => {
    const home = nanjingHousehold()[1]!;
    const victim = jinan()[5]!.members[0]!;
    await consent(home);
    await consent({ ...jinan()[5]!, members: [victim] });
    const res = await t.gql(nanjing, VERIFY, { input: at(home, 'MIXED-1', { members: [victim] }) });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'RESIDENCE_MISMATCH', persons: [masked(victim.idNumber)] });
    expect(res.body.errors?.[0]?.message).toContain(`members not registered in region 320102: ${masked(victim.idNumber)}`);
    expect(res.body.data ?? null).toBeNull();
  });

  it('proceeds with a reason, the audit event flagging each person who fails the rule', async () => {
    const home = nanjingHousehold()[2]!;
    const victim = jinan()[6]!.members[0]!;
    await consent(home);
    await consent({ ...jinan()[6]!, members: [victim] });
    const reason = { kind: 'WORKS_AWAY', note: 'son works in Jinan and supports his parents; payslips on file' };
    const res = await t.gql<{ requestVerification: { id: string } }>(nanjing, VERIFY, { input: at(home, 'SUPPORTER-2', { supporters: [victim], residenceReason: reason }) });
    expect(res.body.errors).toBeUndefined();
    const event = await t.hub.db('audit_events').where({ report_id: res.body.data!.requestVerification.id, action: 'verification.request' }).first();
    expect(event.details).toMatchObject({ flag: 'RESIDENCE_MISMATCH', residence: { kind: 'WORKS_AWAY', registeredInRegion: false, misplaced: [{ person: masked(victim.idNumber), role: 'supporter', registered: '370102' }] } });
  });
});
