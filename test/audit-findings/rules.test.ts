import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import { saveFindingParameters } from '../../src/audit-findings/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';
import { appendAt, at, findings, person, refusal, run, seqs, verification, WED_10 } from './kit.js';

let t: TestDatabase;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  t = await createTestDatabase();
});

afterAll(async () => {
  vi.useRealTimers();
  await t.drop();
});


describe('LOOKUP_WITHOUT_APPLICATION', () => {
  it('finds look-ups under a placeholder application reference, one finding per actor and day', async () => {
    const [a, b] = await appendAt(t.db, WED_10, [verification('v-noapp', '370102', { regionCode: '370102', subjects: [person()], applicationRef: 'test' }), verification('v-noapp', '370102', { regionCode: '370102', subjects: [person()], applicationRef: '无' })]);
    await run(t.db);
    const [f, ...more] = await findings(t.db, 'LOOKUP_WITHOUT_APPLICATION', { actor: 'v-noapp' });
    expect(more).toHaveLength(0);
    expect(seqs(f!)).toEqual([a, b]);
    expect(f!.params).toMatchObject({ day: '2026-11-25' });
  });

  it('leaves look-ups under a real application reference alone', async () => {
    await appendAt(t.db, WED_10, [verification('v-app', '370102', { regionCode: '370102', subjects: [person()], applicationRef: 'DB-370102-2026-0042' })]);
    await run(t.db);
    expect(await findings(t.db, 'LOOKUP_WITHOUT_APPLICATION', { actor: 'v-app' })).toEqual([]);
  });
});

describe('APPLICATION_REF_REUSED', () => {
  it('finds one reference verified for two households, with both verifications as evidence', async () => {
    const [own, neighbour] = [[person(), person()], [person()]];
    const [a] = await appendAt(t.db, WED_10, [verification('v-reuse', '370103', { regionCode: '370103', subjects: own, applicationRef: 'DB-2026-777' })]);
    const [b] = await appendAt(t.db, at(WED_10, 30), [verification('v-reuse', '370103', { regionCode: '370103', subjects: neighbour, applicationRef: 'DB-2026-777' })]);
    await run(t.db);
    const [f] = await findings(t.db, 'APPLICATION_REF_REUSED', { actor: 'v-reuse' });
    expect(seqs(f!)).toEqual([a, b]);
    expect(f!.params).toMatchObject({ applicationRef: 'DB-2026-777', households: 2 });
    expect(f!.subject_ids.sort()).toEqual([...own, ...neighbour].sort());
  });

  it('does not flag the same household verified again under its reference, even with a new member', async () => {
    const members = [person(), person()];
    await appendAt(t.db, WED_10, [verification('v-again', '370103', { regionCode: '370103', subjects: members, applicationRef: 'DB-2026-888' })]);
    await appendAt(t.db, at(WED_10, 60), [verification('v-again', '370103', { regionCode: '370103', subjects: [...members, person()], applicationRef: 'DB-2026-888' })]);
    await run(t.db);
    expect(await findings(t.db, 'APPLICATION_REF_REUSED', { actor: 'v-again' })).toEqual([]);
  });
});

describe('OUTSIDE_CASELOAD', () => {
  const day = (region: string) => Array.from({ length: 5 }, () => verification('x', '370100', { regionCode: region, subjects: [person()] }));
  const as = (sub: string, events: ReturnType<typeof day>) => events.map((e) => ({ ...e, actor: { ...e.actor, sub } }));

  it('finds a city verifier reading five households in a county it never reads', async () => {
    await appendAt(t.db, '2026-11-20T02:00:00Z', as('v-far', [verification('x', '370100', { regionCode: '370102', subjects: [person()] })]));
    const outside = await appendAt(t.db, WED_10, as('v-far', day('370104')));
    await run(t.db);
    const [f] = await findings(t.db, 'OUTSIDE_CASELOAD', { actor: 'v-far' });
    expect(seqs(f!)).toEqual(outside);
    expect(f!.params).toMatchObject({ households: 5, regions: ['370104'], usualRegions: expect.arrayContaining(['370100', '370102']) });
  });

  it('does not flag five households in the county the verifier usually reads', async () => {
    await appendAt(t.db, '2026-11-20T02:00:00Z', as('v-near', [verification('x', '370100', { regionCode: '370102', subjects: [person()] })]));
    await appendAt(t.db, WED_10, as('v-near', day('370102')));
    await run(t.db);
    expect(await findings(t.db, 'OUTSIDE_CASELOAD', { actor: 'v-near' })).toEqual([]);
  });
});

describe('PERSON_MANY_ACTORS', () => {
  it('finds a person looked up by three different verifiers within 30 days', async () => {
    const p = person();
    const ids = [
      ...(await appendAt(t.db, '2026-11-02T02:00:00Z', [verification('v-m1', '370112', { regionCode: '370112', subjects: [p] })])),
      ...(await appendAt(t.db, '2026-11-10T02:00:00Z', [verification('v-m2', '370112', { regionCode: '370112', subjects: [p] })])),
      ...(await appendAt(t.db, WED_10, [verification('v-m3', '370112', { regionCode: '370112', subjects: [p] })])),
    ];
    await run(t.db);
    const [f, ...more] = await findings(t.db, 'PERSON_MANY_ACTORS', { subject: p });
    expect(more).toHaveLength(0);
    expect(seqs(f!)).toEqual(ids);
    expect(f!.params).toMatchObject({ actors: 3, threshold: 3 });
  });

  it('does not count an assistance system re-checking, nor two verifiers', async () => {
    const p = person();
    await appendAt(t.db, '2026-11-10T02:00:00Z', [verification('v-n1', '370112', { regionCode: '370112', subjects: [p] }), verification('v-n2', '370112', { regionCode: '370112', subjects: [p] })]);
    await appendAt(t.db, WED_10, [verification('sys-recheck', '370112', { regionCode: '370112', subjects: [p], roles: ['assistance-system'] })]);
    await run(t.db);
    expect(await findings(t.db, 'PERSON_MANY_ACTORS', { subject: p })).toEqual([]);
  });
});

describe('OFF_HOURS', () => {
  it('finds a look-up at 22:00 Beijing time on a weekday', async () => {
    const [late] = await appendAt(t.db, '2026-11-25T14:00:00Z', [verification('v-night', '370102', { regionCode: '370102', subjects: [person()] })]);
    await run(t.db);
    const [f] = await findings(t.db, 'OFF_HOURS', { actor: 'v-night' });
    expect(seqs(f!)).toEqual([late]);
    expect(f!.params).toMatchObject({ day: '2026-11-25', times: ['22:00'] });
  });

  it('does not flag office hours, nor a batch item the worker ran at night', async () => {
    await appendAt(t.db, WED_10, [verification('v-day', '370102', { regionCode: '370102', subjects: [person()] })]);
    await appendAt(t.db, '2026-11-25T14:00:00Z', [verification('v-day', '370102', { regionCode: '370102', subjects: [person()], details: { batch: randomUUID(), seq: 1 } })]);
    await run(t.db);
    expect(await findings(t.db, 'OFF_HOURS', { actor: 'v-day' })).toEqual([]);
  });

  it('reads working hours from the region’s own version of the thresholds', async () => {
    await saveFindingParameters(t.db, { sub: 'admin-1', org: '370000', roles: ['admin'], issuer: 'test', tokenId: null }, { regionCode: '370828', effectiveFrom: '2026-01-01', parameters: { workingHours: { end: '23:00' } } });
    await appendAt(t.db, '2026-11-25T14:00:00Z', [verification('v-late-region', '370828', { regionCode: '370828', subjects: [person()] })]);
    await run(t.db);
    expect(await findings(t.db, 'OFF_HOURS', { actor: 'v-late-region' })).toEqual([]);
  });
});

describe('BULK_READS', () => {
  const reads = (sub: string, org: string, n: number) => Array.from({ length: n }, () => verification(sub, org, { regionCode: org, subjects: [person()] }));

  it('finds an account reading 25 households where its three peers read 2 each', async () => {
    await appendAt(t.db, WED_10, [...reads('peer-1', '370811', 2), ...reads('peer-2', '370811', 2), ...reads('peer-3', '370811', 2)]);
    const own = await appendAt(t.db, at(WED_10, 60), reads('v-bulk', '370811', 25));
    await run(t.db);
    const [f] = await findings(t.db, 'BULK_READS', { actor: 'v-bulk' });
    expect(seqs(f!)).toEqual(own);
    expect(f!.params).toMatchObject({ lookups: 25, peerMedian: 2, peers: 3 });
    expect(await findings(t.db, 'BULK_READS', { actor: 'peer-1' })).toEqual([]);
  });

  it('does not flag 25 reads where peers read 10 each (under three times the median)', async () => {
    await appendAt(t.db, WED_10, [...reads('busy-1', '370883', 10), ...reads('busy-2', '370883', 10), ...reads('busy-3', '370883', 10), ...reads('v-busy', '370883', 25)]);
    await run(t.db);
    expect(await findings(t.db, 'BULK_READS', { actor: 'v-busy' })).toEqual([]);
  });
});

describe('REFUSAL_SPIKE', () => {
  it('finds ten refusals within an hour', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 10; i += 1) ids.push(...(await appendAt(t.db, at(WED_10, i * 5), [refusal('v-probe', '370102')])));
    await run(t.db);
    const [f] = await findings(t.db, 'REFUSAL_SPIKE', { actor: 'v-probe' });
    expect(seqs(f!)).toEqual(ids);
    expect(f!.params).toMatchObject({ refusals: 10, codes: ['OUT_OF_JURISDICTION'] });
  });

  it('does not flag ten refusals spread over a working day', async () => {
    for (let i = 0; i < 10; i += 1) await appendAt(t.db, at(WED_10, i * 40), [refusal('v-clumsy', '370102')]);
    await run(t.db);
    expect(await findings(t.db, 'REFUSAL_SPIKE', { actor: 'v-clumsy' })).toEqual([]);
  });
});
