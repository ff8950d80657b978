import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold, SandboxPerson } from '../../connectors/sandbox/index.js';
import type { ReportBody } from '../../src/reports/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { readReportBody } from '../../src/reports/index.js';

const PROGRAMMES = fileURLToPath(new URL('../../connectors/sandbox/fixtures/programmes.json', import.meta.url));

let t: TestHub;
let token: string;

beforeAll(async () => {
  // Short timeouts: the fault test waits for a hanging agency to be given up on.
  t = await startTestHub({ SANDBOX_FIXTURES: PROGRAMMES, SANDBOX_BANK_DELAY_MS: '50', SOURCE_TIMEOUT_MS: '600', SOURCE_RETRIES: '1', REQUEST_DEADLINE_MS: '2500' });
  // assistance-system: the health records (sensitivity 4) the means test reads.
  token = await t.token(['verifier', 'assistance-system'], '370100');
});
afterAll(() => t?.stop());

const fixture = (id: string): SandboxHousehold => t.hub.sandbox!.population.household(id)!;

/** Every source the file gives any person of the household a record of. */
function sourcesOf(h: SandboxHousehold): string[] {
  return [...new Set([...h.members, ...h.supporters].flatMap((p) => Object.keys(p.records ?? {})))].sort();
}

interface Assessed {
  eligibility: { programme: string; eligible: boolean; grounds: { code: string; zh: string }[]; benefit: { total: { value: number }; parts: { rule: string; value: number; persons: string[] }[] } | null }[];
  vetoes: { code: string }[];
}

/**
 * Consents for every member and supporter, then the verification, settled. `sources` fetches every
 * attribute of those sources; null fetches what the means test reads. Returns the report id.
 */
async function request(h: SandboxHousehold, sources: string[] | null): Promise<string> {
  const persons = [...h.members, ...h.supporters];
  const documentSha256 = await t.consentDocument(token);
  const consents = persons.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents })).body.errors).toBeUndefined();
  const declared = (m: SandboxPerson) => h.declaration.members.find((d) => d.idNumber === m.idNumber)!.monthlyIncome;
  const input = {
    household: {
      regionCode: h.regionCode,
      externalRef: h.id,
      members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation, declaredMonthlyIncome: declared(m) })),
      declaredAssets: h.declaration.assets,
      ...(h.supporters.length > 0 ? { supporters: h.supporters.map((s) => ({ idNumber: s.idNumber, name: s.name, relation: s.relation })) } : {}),
    },
    purpose: 'NEW_APPLICATION',
    applicationRef: `APP-${h.id}-${Date.now()}`,
    ...(sources ? { sources } : {}),
  };
  // Selecting the assessment is what makes the hub fetch what the means test reads.
  const selection = sources ? '{ id }' : '{ id assessment { circle } }';
  const res = await t.gql<{ requestVerification: { id: string } }>(token, `mutation($input: VerificationInput!) { requestVerification(input: $input) ${selection} }`, { input });
  expect(res.body.errors).toBeUndefined();
  await t.hub.verification.settled();
  return res.body.data!.requestVerification.id;
}

/** The assessment once every bank has answered (the report is assessed when nothing is pending). */
async function assessed(h: SandboxHousehold): Promise<Assessed> {
  const id = await request(h, null);
  const res = await t.gql<{ verificationReport: { assessment: Assessed } }>(token, 'query($id: ID!) { verificationReport(id: $id) { assessment { eligibility { programme eligible grounds { code zh } benefit { total { value } parts { rule value persons } } } vetoes { code } } } }', { id });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.verificationReport.assessment;
}

async function verify(h: SandboxHousehold, sources: string[]): Promise<ReportBody> {
  const id = await request(h, sources);
  return (await readReportBody(t.hub.db, id))!;
}

describe('scenario fixtures through the hub', () => {
  it.each(['FIX-TEKUN-1', 'FIX-BANK-1', 'FIX-DIBAO-1'])('%s: the report holds exactly the fixture\'s records, not found where it gives none', async (id) => {
    const h = fixture(id);
    // One source the household has no record of at all, to see it answer not found.
    const sources = [...sourcesOf(h), 'court'];
    const report = await verify(h, sources);
    expect(report.status).toBe('COMPLETE');
    const reported = [...report.members, ...report.supporters];
    for (const person of [...h.members, ...h.supporters]) {
      const records = reported.find((m) => m.idNumber === person.idNumber)!.records;
      for (const source of sources) {
        const given = person.records![source];
        if (!given) {
          expect(records[source], `${person.name} ${source}`).toEqual({ found: false });
          continue;
        }
        const record = records[source]!;
        expect(record, `${person.name} ${source}`).toMatchObject({ found: true, values: given.values, ...(given.asOf ? { asOf: given.asOf } : {}) });
        // What the file leaves out of a record is empty, except the identity every register holds.
        const own: unknown[] = [null, person.name, person.sex, person.birthDate];
        for (const [code, value] of Object.entries(record.found ? record.values : {})) if (!(code in given.values)) expect(own, code).toContain(value);
      }
    }
  });

  // What each example household of docs/SANDBOX.md is meant to show, under the Jinan policy in force.
  it.each([
    ['FIX-DIBAO-1', ['MINIMUM_LIVING'], ['EXTREME_POVERTY'], []],
    // 特困, and so not 低保 (《社会救助暂行办法》第十四条: 特困供养人员不再享受最低生活保障).
    ['FIX-TEKUN-1', ['EXTREME_POVERTY'], ['MINIMUM_LIVING', 'MARGINAL'], []],
    ['FIX-LUXURY-1', [], ['MINIMUM_LIVING', 'MARGINAL'], ['LUXURY_VEHICLE']],
    ['FIX-MARGINAL-1', ['MARGINAL'], ['MINIMUM_LIVING'], []],
    ['FIX-RIGID-1', ['RIGID_EXPENDITURE_HARDSHIP'], ['MINIMUM_LIVING'], []],
    ['FIX-BANK-1', [], ['MINIMUM_LIVING', 'MARGINAL'], []],
    ['FIX-DEFER-1', [], ['MINIMUM_LIVING', 'MARGINAL'], ['PROPERTY_SOLD_12M']],
    ['FIX-TEMP-1', ['TEMPORARY_ASSISTANCE'], ['MINIMUM_LIVING', 'EXTREME_POVERTY', 'MARGINAL', 'RIGID_EXPENDITURE_HARDSHIP'], []],
  ])('%s is assessed as its example says: eligible for %j, not for %j, vetoes %j', async (id, eligible, not, vetoes) => {
    const assessment = await assessed(fixture(id));
    const concluded = new Map(assessment.eligibility.map((e) => [e.programme, e.eligible]));
    for (const p of eligible) expect(concluded.get(p), p).toBe(true);
    for (const p of not) expect(concluded.get(p), p).toBe(false);
    expect(assessment.vetoes.map((v) => v.code)).toEqual(vetoes);
  });

  it('FIX-DIBAO-1: 低保 of 3129.99 a month = (1100 − 166.67) × 3 + 20% × 1100 (serious illness) + 10% × 1100 (pupil)', async () => {
    const ml = (await assessed(fixture('FIX-DIBAO-1'))).eligibility.find((e) => e.programme === 'MINIMUM_LIVING')!;
    // Income after rigid expenditure: wage 900 − medical (1200 + 3600) / 12 = 900 − 400 = 500; / 3 = 166.67 (reported).
    // Gap (1100 − 166.67) × 3 = 933.33 × 3 = 2799.99; 李秀兰 seriously ill 0.2 × 1100 = 220; 王浩 a pupil 0.1 × 1100 = 110.
    expect(ml.benefit!.parts.map((p) => [p.rule, p.value, p.persons.length])).toEqual([
      ['benefit.minimum-living.gap', 2799.99, 3],
      ['benefit.increment.SERIOUS_ILLNESS', 220, 1],
      ['benefit.increment.STUDENT_MINOR', 110, 1],
    ]);
    // 2799.99 + 220 + 110 = 3129.99.
    expect(ml.benefit!.total.value).toBe(3129.99);
  });

  it('FIX-TEKUN-1: 特困 of 1580.00 a month = 1.3 × 1100 (basic living) + 150 (care, full self-care); no 低保 amount', async () => {
    const a = await assessed(fixture('FIX-TEKUN-1'));
    const ep = a.eligibility.find((e) => e.programme === 'EXTREME_POVERTY')!;
    expect(ep.benefit!.parts.map((p) => [p.rule, p.value])).toEqual([
      ['benefit.extreme-poverty.basic-living', 1430],
      ['benefit.extreme-poverty.care.full-self-care', 150],
    ]);
    expect(ep.benefit!.total.value).toBe(1580);
    const ml = a.eligibility.find((e) => e.programme === 'MINIMUM_LIVING')!;
    expect(ml.benefit).toBeNull();
    expect(ml.grounds).toEqual([{ code: 'EXTREME_POVERTY_INSTEAD', zh: '已符合特困人员救助供养条件，不重复享受最低生活保障' }]);
  });

  it('FIX-TEMP-1: 临时救助 by expenditure, 78000 / 12 = 6500 > 50% of 8000 + 4000 = 6000', async () => {
    const t1 = (await assessed(fixture('FIX-TEMP-1'))).eligibility.find((e) => e.programme === 'TEMPORARY_ASSISTANCE')!;
    expect(t1.grounds.find((g) => g.code === 'TEMPORARY_EXPENDITURE_SHARE')!.zh).toBe('家庭月刚性支出 6500.00 元，超过家庭月收入 12000.00 元的 50%（6000.00 元）');
    expect(t1.benefit).toBeNull();
  });

  it('a faulted source shows in the report as UNAVAILABLE (down) or TIMEOUT (hang), the others answer', async () => {
    const h = fixture('FIX-BANK-1');
    t.hub.sandbox!.injectFault({ source: 'bank_icbc', mode: 'down', seconds: 60 });
    t.hub.sandbox!.injectFault({ source: 'tax', mode: 'hang', seconds: 60 });
    try {
      const report = await verify(h, ['bank_icbc', 'hrss_benefit', 'tax']);
      expect(report.status).toBe('INCOMPLETE');
      const status = Object.fromEntries(report.sources.map((s) => [s.source, s.status]));
      expect(status).toEqual({ bank_icbc: 'UNAVAILABLE', hrss_benefit: 'OK', tax: 'TIMEOUT' });
      const head = report.members.find((m) => m.relation === 'HEAD')!;
      expect(head.records.hrss_benefit).toMatchObject({ found: true, values: { 'hrss_benefit.pension_monthly': 1000 } });
      expect(head.records.bank_icbc).toBeUndefined();
    } finally {
      t.hub.sandbox!.clearFaults();
    }
  });
});
