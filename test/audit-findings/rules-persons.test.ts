import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../src/audit/index.js';
import { registerActorPerson } from '../../src/audit-findings/index.js';
import { inTransaction } from '../../src/db/index.js';
import { saveHousehold } from '../../src/households/index.js';
import { composeIdNumber } from '../../src/identity/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';
import { appendAt, findings, person, run, seqs, verification } from './kit.js';

let t: TestDatabase;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  t = await createTestDatabase();
});

afterAll(async () => {
  vi.useRealTimers();
  await t.drop();
});

const WED_10 = '2026-11-25T02:00:00Z';
const at = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
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
