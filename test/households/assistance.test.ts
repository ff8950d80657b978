import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { recordAssessment } from '../../src/households/index.js';
import { recordAssistance, repeatedProgrammes } from '../../src/households/assistance.js';
import { localDate } from '../../src/regions/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { readReportBody } from '../../src/reports/index.js';

let t: TestHub;
let token: string;
let verified = 0;
const sandboxHouseholdOf = new Map<string, SandboxHousehold>();

// Selecting the assessment makes the hub fetch everything the means test reads: only such a report becomes the household's status.
const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id household { id } assessment { circle } } }';
const RECORD = `mutation($h: ID!, $p: String!, $a: Float!, $d: String!, $dep: String!) { recordAssistance(householdId: $h, programme: $p, amount: $a, date: $d, department: $dep) {
  repeat record { id programme amount date department recordedBy } status { hardshipIndex assessedHardshipIndex repeatAssistance assistanceReceived recordedAssistance { programme date } } } }`;
const RANKING = `query($f: RankingFilter) { rankedHouseholds(regionCode: "370102", filter: $f, first: 50) { edges { rank status { hardshipIndex ranked exclusion urgency specialGroups repeatAssistance household { id } } } } }`;

type Edge = { rank: number | null; status: { hardshipIndex: number; ranked: boolean; exclusion: string | null; urgency: string | null; specialGroups: string[]; repeatAssistance: string[]; household: { id: string } } };
type Recorded = { recordAssistance: { repeat: boolean; record: { programme: string; amount: number; date: string; department: string; recordedBy: string }; status: { hardshipIndex: number; assessedHardshipIndex: number; repeatAssistance: string[]; assistanceReceived: string[]; recordedAssistance: { programme: string; date: string }[] } } };

// Days as people in Jinan count them (北京时间), as the hub does.
const daysAgo = (n: number) => localDate(new Date(Date.now() - n * 86_400_000).toISOString(), '370102');

async function verify(h: SandboxHousehold) {
  const documentSha256 = await t.consentDocument(token);
  const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents })).body.errors).toBeUndefined();
  const input = {
    household: {
      regionCode: h.regionCode,
      externalRef: h.id,
      members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: h.declaration.members.find((d) => d.idNumber === m.idNumber)!.monthlyIncome })),
      declaredAssets: h.declaration.assets,
    },
    purpose: 'NEW_APPLICATION',
    applicationRef: `APP-${h.id}`,
  };
  const res = await t.gql<{ requestVerification: { household: { id: string } } }>(token, VERIFY, { input });
  expect(res.body.errors).toBeUndefined();
  sandboxHouseholdOf.set(res.body.data!.requestVerification.household.id, h);
  await t.hub.verification.settled();
}

const ranking = async (f: Record<string, unknown> = {}) => (await t.gql<{ rankedHouseholds: { edges: Edge[] } }>(token, RANKING, { f })).body.data!.rankedHouseholds.edges;
const record = (h: string, p: string, a: number, d: string, dep = '街道民政办', who = token) => t.gql<Recorded>(who, RECORD, { h, p, a, d, dep });

beforeAll(async () => {
  t = await startTestHub({ SANDBOX_BANK_DELAY_MS: '20' });
  token = await t.token(['verifier', 'assistance-system'], '370102');
  for (const h of t.hub.sandbox!.population.households.filter((x) => x.regionCode === '370102' && x.applicant).slice(0, 8)) {
    await verify(h);
    verified += 1;
  }
});
afterAll(() => t?.stop());

describe('ranking: only households not vetoed and eligible for something', () => {
  it('ranks the others neediest first; a vetoed household is listed by includeExcluded after them, unranked, with the reason', async () => {
    // Some sandbox households are excluded on their own records (a veto, or eligible for nothing): count what is ranked first.
    const before = await ranking();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const [row] = (await t.hub.db('household_assessments').where({ household_id: before[0]!.status.household.id }).select('household_id', 'report_id', 'assessed_at')) as { household_id: string; report_id: string; assessed_at: Date }[];
    const stored = (await readReportBody(t.hub.db, row!.report_id))!.assessment!;
    const figure = { value: 1, unit: 'count' as const, rule: 'veto.member-attribute', attributes: ['ps_vehicle.luxury_vehicle'], persons: [] };
    const vetoed = { ...stored, vetoes: [{ code: 'LUXURY_VEHICLE', zh: '拥有高档车辆', en: 'Owns a luxury vehicle', outcome: 'REJECT' as const, deferMonths: null, figure }] };
    await t.hub.db.transaction((trx) => recordAssessment(trx, row!.household_id, row!.report_id, '370102', new Date(row!.assessed_at.getTime() + 1000).toISOString(), vetoed));

    const all = await ranking({ includeExcluded: true });
    const ranked = await ranking();
    expect(all.length).toBe(verified);
    expect(ranked.length).toBe(before.length - 1);
    expect(ranked.every((e) => e.status.ranked && e.status.exclusion === null)).toBe(true);
    expect(ranked.map((e) => e.rank)).toEqual(ranked.map((_, i) => i + 1));
    const indices = ranked.map((e) => e.status.hardshipIndex);
    expect(indices).toEqual([...indices].sort((a, b) => b - a));
    expect(all.slice(0, ranked.length).map((e) => e.status.household.id)).toEqual(ranked.map((e) => e.status.household.id));
    // The excluded follow the ranked, unranked with their reason; the one vetoed here among them.
    expect(all.slice(ranked.length).every((e) => e.rank === null && !e.status.ranked && e.status.exclusion !== null)).toBe(true);
    const mine = all.find((e) => e.status.household.id === row!.household_id)!;
    expect([mine.rank, mine.status.ranked, mine.status.exclusion]).toEqual([null, false, 'Veto LUXURY_VEHICLE: Owns a luxury vehicle']);
    // Still visible on its own, with the reason.
    const own = await t.gql<{ household: { ranked: boolean; exclusion: string } }>(token, `{ household(id: "${row!.household_id}") { ranked exclusion } }`);
    expect(own.body.data!.household).toEqual({ ranked: false, exclusion: 'Veto LUXURY_VEHICLE: Owns a luxury vehicle' });
  });
});

describe('repeatedProgrammes: a reminder from the first record within the window', () => {
  it('lists a programme recorded once within the 90 days up to the day (0 to 89 days ago), not one 90 days ago nor one dated later', () => {
    const on = '2026-11-27';
    expect(repeatedProgrammes([{ programme: 'TEMPORARY', date: '2026-08-30' }], 90, on)).toEqual(['TEMPORARY']); // 89 days
    expect(repeatedProgrammes([{ programme: 'TEMPORARY', date: '2026-08-29' }], 90, on)).toEqual([]); // 90 days
    expect(repeatedProgrammes([{ programme: 'MEDICAL', date: '2026-11-28' }], 90, on)).toEqual([]);
    expect(repeatedProgrammes([{ programme: 'TEMPORARY', date: on }, { programme: 'MEDICAL', date: '2026-10-01' }, { programme: 'TEMPORARY', date: '2026-11-01' }], 90, on)).toEqual(['MEDICAL', 'TEMPORARY']);
  });
});

describe('recordAssistance', () => {
  it('lowers the hardship index (NO_RECENT_ASSISTANCE 2 + NO_RECENT_TEMPORARY_ASSISTANCE 1 = 3 points), moves the ranking and reminds of the programme from its first record within 90 days', async () => {
    const before = await ranking({ includeExcluded: true });
    const target = before.find((e) => e.status.ranked)!.status;
    const first = await record(target.household.id, 'TEMPORARY', 500, daysAgo(40));
    expect(first.body.errors).toBeUndefined();
    const r1 = first.body.data!.recordAssistance;
    expect(r1.repeat).toBe(false);
    expect(r1.record).toMatchObject({ programme: 'TEMPORARY', amount: 500, date: daysAgo(40), department: '街道民政办' });
    expect(r1.status.assessedHardshipIndex).toBe(target.hardshipIndex);
    expect(r1.status.hardshipIndex).toBe(Math.round((target.hardshipIndex - 3) * 10) / 10);
    expect(r1.status.assistanceReceived).toContain('recorded.TEMPORARY');
    // 000: "對已救助過的對象,系統會自動提醒,避免重復救助": given once, 40 days ago (< 90), the next department is reminded now.
    expect(r1.status.repeatAssistance).toEqual(['TEMPORARY']);

    const after = await ranking({ includeExcluded: true });
    const moved = after.find((e) => e.status.household.id === target.household.id)!;
    expect(moved.status.hardshipIndex).toBe(r1.status.hardshipIndex);
    const indices = after.filter((e) => e.status.ranked).map((e) => e.status.hardshipIndex);
    expect(indices).toEqual([...indices].sort((a, b) => b - a));

    // 40 and 10 days ago: 30 days apart, within the 90-day window.
    const second = (await record(target.household.id, 'TEMPORARY', 300, daysAgo(10))).body.data!.recordAssistance;
    expect(second.repeat).toBe(true);
    expect(second.status.repeatAssistance).toEqual(['TEMPORARY']);
    expect(second.status.hardshipIndex).toBe(r1.status.hardshipIndex);
    expect(second.status.recordedAssistance.map((r) => r.date)).toEqual([daysAgo(40), daysAgo(10)]);
    const listed = (await ranking({ includeExcluded: true })).find((e) => e.status.household.id === target.household.id)!;
    expect(listed.status.repeatAssistance).toEqual(['TEMPORARY']);

    // Verified again: the new report's status keeps applying the recorded assistance.
    await verify(sandboxHouseholdOf.get(target.household.id)!);
    const reverified = (await ranking({ includeExcluded: true })).find((e) => e.status.household.id === target.household.id)!;
    expect(reverified.status).toMatchObject({ hardshipIndex: r1.status.hardshipIndex, repeatAssistance: ['TEMPORARY'] });

    const events = await t.hub.db('audit_events').where({ action: 'assistance.record', outcome: 'ALLOWED' }).orderBy('seq').select('details');
    expect(events.map((e: { details: { programme: string; repeat: boolean } }) => [e.details.programme, e.details.repeat])).toEqual([
      ['TEMPORARY', false],
      ['TEMPORARY', true],
    ]);
  });

  it('takes "today" as the region\'s day: at 01:30 Beijing time (17:30 UTC the day before) today\'s assistance is not in the future', async () => {
    const id = (await ranking({ includeExcluded: true }))[0]!.status.household.id;
    const now = new Date('2026-11-27T17:30:00Z');
    expect(localDate(now.toISOString(), '370102')).toBe('2026-11-28');
    const caller = { sub: 'caseworker-local', org: '370102', roles: ['verifier' as const], issuer: 'test', tokenId: null };
    const { record: r } = await recordAssistance(t.hub.db, caller, { householdId: id, programme: 'CHARITY', amount: 1, date: '2026-11-28', department: '街道民政办' }, now);
    expect(r.date).toBe('2026-11-28');
    await expect(recordAssistance(t.hub.db, caller, { householdId: id, programme: 'CHARITY', amount: 1, date: '2026-11-29', department: '街道民政办' }, now)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'date' } });
    await t.hub.db('assistance_records').where({ id: r.id }).delete();
  });

  it('refuses bad arguments naming the field, other regions and other roles; every refusal audited', async () => {
    const id = (await ranking({ includeExcluded: true }))[0]!.status.household.id;
    const cases: [Promise<{ body: { errors?: readonly { extensions?: Record<string, unknown> }[] } }>, string, string | undefined][] = [
      [record(id, 'TEMPORARY', -1, daysAgo(1)), 'BAD_USER_INPUT', 'amount'],
      [record(id, 'TEMPORARY', 10.005, daysAgo(1)), 'BAD_USER_INPUT', 'amount'],
      [record(id, 'FOOD', 10, daysAgo(1)), 'BAD_USER_INPUT', 'programme'],
      [record(id, 'TEMPORARY', 10, daysAgo(-2)), 'BAD_USER_INPUT', 'date'],
      [record(id, 'TEMPORARY', 10, '2026-02-30'), 'BAD_USER_INPUT', 'date'],
      [record(id, 'TEMPORARY', 10, daysAgo(1), '  '), 'BAD_USER_INPUT', 'department'],
      [record(id, 'TEMPORARY', 10, daysAgo(1), 'x'.repeat(101)), 'BAD_USER_INPUT', 'department'],
      [record('not-an-id', 'TEMPORARY', 10, daysAgo(1)), 'BAD_USER_INPUT', 'householdId'],
      [record(id, 'TEMPORARY', 10, daysAgo(1), '民政', await t.token(['verifier'], '370103')), 'OUT_OF_JURISDICTION', 'householdId'],
      [record(id, 'TEMPORARY', 10, daysAgo(1), '民政', await t.token(['auditor'], '370102')), 'FORBIDDEN', undefined],
    ];
    for (const [pending, code, field] of cases) {
      const res = await pending;
      expect(res.body.errors![0]!.extensions).toMatchObject({ code, ...(field ? { field } : {}) });
    }
    expect(Number((await t.hub.db('audit_events').where({ action: 'assistance.record', outcome: 'REFUSED' }).count('* as n').first())!.n)).toBe(cases.length);
    expect(Number((await t.hub.db('assistance_records').count('* as n').first())!.n)).toBe(2);
  });
});
