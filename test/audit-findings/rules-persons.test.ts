import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../src/audit/index.js';
import { registerActorPerson } from '../../src/audit-findings/index.js';
import { inTransaction } from '../../src/db/index.js';
import { saveHousehold } from '../../src/households/index.js';
import { sealVersion, type ReportBody } from '../../src/reports/index.js';
import { composeIdNumber } from '../../src/identity/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';
import { appendAt, at, findings, person, run, seqs, verification, WED_10 } from './kit.js';

let t: TestDatabase;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  t = await createTestDatabase();
});

afterAll(async () => {
  vi.useRealTimers();
  await t.drop();
});

const admin = { sub: 'admin-1', org: '370100', roles: ['admin' as const], issuer: 'test', tokenId: null };

describe('RELATIVE_LOOKUP', () => {
  const actorId = composeIdNumber('370102', '1980-03-04', 11);
  const brotherId = composeIdNumber('370102', '1984-07-01', 13);
  let brother = '';

  beforeAll(async () => {
    await registerActorPerson(t.db, admin, { sub: 'v-kin', idNumber: actorId, name: '王建国' });
    const saved = await inTransaction(t.db, (trx) =>
      saveHousehold(trx, { regionCode: '370102', externalRef: 'HH-KIN', members: [{ idNumber: actorId, name: '王建国', birthDate: '1980-03-04', sex: 'MALE', relation: 'HEAD' }, { idNumber: brotherId, name: '王建军', birthDate: '1984-07-01', sex: 'MALE', relation: 'SIBLING' }] }),
    );
    brother = saved.personIds.get(brotherId)!;
  });

  it('finds a verifier looking up a member of their own household', async () => {
    const [seq] = await appendAt(t.db, WED_10, [verification('v-kin', '370102', { regionCode: '370102', subjects: [brother] })]);
    await run(t.db);
    const [f, ...more] = await findings(t.db, 'RELATIVE_LOOKUP', { actor: 'v-kin' });
    expect(more).toHaveLength(0);
    expect(seqs(f!)).toEqual([seq]);
    expect(f!.subject_ids).toEqual([brother]);
    expect(f!.params).toEqual({ relation: 'SAME_HOUSEHOLD' });
  });

  it('does not flag the same verifier looking up a stranger, nor an account the hub cannot place', async () => {
    const stranger = person();
    await appendAt(t.db, at(WED_10, 5), [verification('v-kin', '370102', { regionCode: '370102', subjects: [stranger] }), verification('v-unknown', '370102', { regionCode: '370102', subjects: [brother] })]);
    await run(t.db);
    expect(await findings(t.db, 'RELATIVE_LOOKUP', { subject: stranger })).toEqual([]);
    expect(await findings(t.db, 'RELATIVE_LOOKUP', { actor: 'v-unknown' })).toEqual([]);
  });
});

describe('RELATIVE_LOOKUP by surname and registered address', () => {
  const ids = { self: composeIdNumber('370103', '1975-05-05', 21), cousin: composeIdNumber('370103', '1978-02-02', 23), namesake: composeIdNumber('370103', '1979-03-03', 25), neighbour: composeIdNumber('370103', '1980-04-04', 27) };
  const persons = new Map<string, string>();

  /** A household of one, verified: its report names the member and public security's registered address. */
  async function verifiedAlone(key: keyof typeof ids, name: string, address: string): Promise<void> {
    const idNumber = ids[key];
    const { householdId, personIds } = await inTransaction(t.db, (trx) => saveHousehold(trx, { regionCode: '370103', externalRef: `HH-${key}`, members: [{ idNumber, name, birthDate: '1975-05-05', sex: 'MALE', relation: 'HEAD' }] }));
    const personId = personIds.get(idNumber)!;
    persons.set(key, personId);
    const [request] = await t.db('verification_requests').insert({ household_id: householdId, purpose: 'NEW_APPLICATION', requester_sub: 'seed', requester_org: '370103', requester_roles: ['verifier'], status: 'COMPLETED' }).returning('id');
    const id = randomUUID();
    const body = { id, status: 'COMPLETE', members: [{ personId, idNumber, name, relation: 'HEAD', records: { ps_hukou: { found: true, values: { 'ps_hukou.address': address } } } }] } as unknown as ReportBody;
    await t.db('reports').insert({ id, request_id: request.id, household_id: householdId, ...sealVersion(t.db, body, 1, { jws: '' }), body_sha256: '0'.repeat(64), status: 'COMPLETE' });
  }

  beforeAll(async () => {
    await verifiedAlone('self', '李明', '济南市市中区经十路 88 号');
    await verifiedAlone('cousin', '李强', '济南市市中区经十路88号');
    await verifiedAlone('namesake', '李华', '济南市市中区英雄山路 1 号');
    await verifiedAlone('neighbour', '王强', '济南市市中区经十路88号');
    await registerActorPerson(t.db, admin, { sub: 'v-li', idNumber: ids.self, name: '李明' });
  });

  it('finds a person with the verifier’s surname at the verifier’s registered address', async () => {
    const [seq] = await appendAt(t.db, WED_10, [verification('v-li', '370103', { regionCode: '370103', subjects: [persons.get('cousin')!] })]);
    await run(t.db);
    const [f] = await findings(t.db, 'RELATIVE_LOOKUP', { actor: 'v-li' });
    expect(f).toMatchObject({ subject_ids: [persons.get('cousin')], params: { relation: 'SURNAME_AND_ADDRESS' } });
    expect(seqs(f!)).toEqual([seq]);
  });

  it('does not flag the same surname elsewhere, nor another surname at the same address', async () => {
    await appendAt(t.db, at(WED_10, 5), [verification('v-li', '370103', { regionCode: '370103', subjects: [persons.get('namesake')!] }), verification('v-li', '370103', { regionCode: '370103', subjects: [persons.get('neighbour')!] })]);
    await run(t.db);
    expect((await findings(t.db, 'RELATIVE_LOOKUP', { actor: 'v-li' })).map((f) => f.subject_ids)).toEqual([[persons.get('cousin')]]);
  });
});

describe('CONSENT_QUICK_USE_ELSEWHERE', () => {
  const register = (sub: string, consent: string, subject: string): AuditEvent => ({ action: 'consent.register', outcome: 'ALLOWED', actor: { sub, org: '370103', roles: ['verifier'] }, consentIds: [consent], subjectIds: [subject] });
  const elsewhere = { residence: { kind: 'WORKS_AWAY', note: 'works in Jinan', registeredInRegion: false, misplaced: [{ person: '3708**********1234', role: 'member', registered: '370811' }] } };

  it('finds a consent registered and used five minutes later for a person registered elsewhere', async () => {
    const [p, c] = [person(), randomUUID()];
    const [reg] = await appendAt(t.db, WED_10, [register('v-quick', c, p)]);
    const [use] = await appendAt(t.db, at(WED_10, 5), [verification('v-quick', '370103', { regionCode: '370103', subjects: [p], consentIds: [c], details: elsewhere })]);
    await run(t.db);
    const [f] = await findings(t.db, 'CONSENT_QUICK_USE_ELSEWHERE', { actor: 'v-quick' });
    expect(seqs(f!)).toEqual([reg, use]);
    expect(f!.params).toMatchObject({ minutes: 5, threshold: 30, consents: 1 });
    expect(f!.subject_ids).toEqual([p]);
  });

  it('does not flag a resident household, nor a consent registered days before', async () => {
    const [p, c, q, d] = [person(), randomUUID(), person(), randomUUID()];
    await appendAt(t.db, '2026-11-20T02:00:00Z', [register('v-slow', d, q)]);
    await appendAt(t.db, WED_10, [register('v-slow', c, p)]);
    await appendAt(t.db, at(WED_10, 5), [verification('v-slow', '370103', { regionCode: '370103', subjects: [p], consentIds: [c] }), verification('v-slow', '370103', { regionCode: '370103', subjects: [q], consentIds: [d], details: elsewhere })]);
    await run(t.db);
    expect(await findings(t.db, 'CONSENT_QUICK_USE_ELSEWHERE', { actor: 'v-slow' })).toEqual([]);
  });
});

describe('REPEATED_OVERRIDES', () => {
  const review = (subject: string, decision: 'ACCEPT' | 'REJECT'): AuditEvent => ({ action: 'objection.review', outcome: 'ALLOWED', actor: { sub: 'reviewer-1', org: '370104', roles: ['reviewer'] }, regionCode: '370104', subjectIds: [subject], attributeCodes: ['tax.wage_income_12m'], details: { objectionId: randomUUID(), decision, raisedBy: 'v-raiser' } });

  it('finds a person whose values were overridden twice within 180 days', async () => {
    const p = person();
    const ids = [...(await appendAt(t.db, '2026-10-01T02:00:00Z', [review(p, 'ACCEPT')])), ...(await appendAt(t.db, WED_10, [review(p, 'ACCEPT')]))];
    await run(t.db);
    const [f] = await findings(t.db, 'REPEATED_OVERRIDES', { subject: p });
    expect(seqs(f!)).toEqual(ids);
    expect(f!.params).toMatchObject({ overrides: 2, raisedBy: ['v-raiser'] });
  });

  it('does not count a rejected objection', async () => {
    const p = person();
    await appendAt(t.db, '2026-10-01T02:00:00Z', [review(p, 'REJECT')]);
    await appendAt(t.db, WED_10, [review(p, 'ACCEPT')]);
    await run(t.db);
    expect(await findings(t.db, 'REPEATED_OVERRIDES', { subject: p })).toEqual([]);
  });
});
