import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';

/*
 * A figure resting on several agencies (a wage reported to HR and to tax): an objection changes
 * one value, so the review says which other values still decide the figure, and the discrepancy
 * that compared the replaced value carries the override's provenance (README, Objections).
 */

let t: TestHub;
let raiser: string;
let reviewer: string;

const HR = 'hrss_employment.wage_monthly';
const TAX = 'tax.wage_income_12m';
const EVIDENCE = { documentSha256: 'cd'.repeat(32), note: '单位证明：2026年10月起停薪留职' };
const REPORT = `id reportSha256 revision members { person { id } records { hrss_employment { wage_monthly } tax { wage_income_12m } } }
  discrepancies { kind person { id } verified zh en sources { source overrides { attribute original value by raisedBy objectionId evidence { documentSha256 } } } }`;
const OBJECTION = 'id status stillDecidedBy { source attribute labelZh value asOf }';
const RAISE = `mutation($r: ID!, $p: ID!, $a: ID!, $v: AttributeScalar!, $e: ObjectionEvidenceInput!) {
  raiseObjection(reportId: $r, personId: $p, attribute: $a, proposedValue: $v, evidence: $e) { ${OBJECTION} } }`;
const REVIEW = `mutation($o: ID!) { reviewObjection(objectionId: $o, decision: ACCEPT, note: "证明材料齐全") { objection { ${OBJECTION} } report { ${REPORT} } } }`;

interface Discrepancy {
  kind: string;
  person: { id: string } | null;
  verified: number;
  zh: string;
  en: string;
  sources: { source: string; overrides: { attribute: string; original: unknown; value: unknown; by: string; raisedBy: string; objectionId: string }[] }[];
}
interface Report {
  id: string;
  reportSha256: string;
  revision: number;
  members: { person: { id: string }; records: { hrss_employment: { wage_monthly: number | null } | null; tax: { wage_income_12m: number | null } | null } }[];
  discrepancies: Discrepancy[];
}
interface Objection {
  id: string;
  status: string;
  stillDecidedBy: { source: string; attribute: string; labelZh: string; value: unknown; asOf: string | null }[];
}

/** Verified with HR and tax, every member declaring no wage: a wage either agency holds is a WAGE_ABOVE_DECLARED. */
async function verified(h: SandboxHousehold): Promise<Report> {
  const documentSha256 = await t.consentDocument(raiser);
  const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(raiser, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c })).body.errors).toBeUndefined();
  const item = batchItem(h);
  const members = item.household.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation, declaredIncome: { wage: 0 } }));
  const input = { ...item, household: { ...item.household, members }, purpose: 'NEW_APPLICATION', applicationRef: `APP-WAGE-${h.id}`, sources: ['ps_hukou', 'hrss_employment', 'tax'] };
  const res = await t.gql<{ requestVerification: Report }>(raiser, `mutation($input: VerificationInput!) { requestVerification(input: $input) { ${REPORT} } }`, { input });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.requestVerification;
}

const wageOf = (r: Report, personId: string) => r.discrepancies.find((d) => d.kind === 'WAGE_ABOVE_DECLARED' && d.person?.id === personId);

beforeAll(async () => {
  t = await startTestHub();
  raiser = await t.token(['verifier'], '370102', 'caseworker-li');
  reviewer = await t.token(['verifier', 'reviewer'], '370100', 'reviewer-wang');
});
afterAll(async () => {
  await t?.stop();
});

describe('an objection to one of several agencies’ values of a figure', () => {
  it('says which values still decide it, and the discrepancy carries the override; objecting to both settles it', async () => {
    let found: { report: Report; personId: string; hr: number; tax: number } | null = null;
    for (const h of t.hub.sandbox!.population.households.filter((x) => x.regionCode === '370102')) {
      const report = await verified(h);
      const m = report.members.find((x) => (x.records.hrss_employment?.wage_monthly ?? 0) > 0 && (x.records.tax?.wage_income_12m ?? 0) > 2400);
      if (m && wageOf(report, m.person.id)) {
        found = { report, personId: m.person.id, hr: m.records.hrss_employment!.wage_monthly!, tax: m.records.tax!.wage_income_12m! };
        break;
      }
    }
    if (!found) throw new Error('no member with a wage at HR and at tax');
    const { report, personId, hr, tax } = found;
    const raise = async (a: string, v: number) => (await t.gql<{ raiseObjection: Objection }>(raiser, RAISE, { r: report.id, p: personId, a, v, e: EVIDENCE })).body.data!.raiseObjection;
    const accept = async (o: string) => {
      const res = await t.gql<{ reviewObjection: { objection: Objection; report: Report } }>(reviewer, REVIEW, { o });
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.reviewObjection;
    };

    // HR's wage corrected to 0: tax's still decides, and says so.
    const first = await raise(HR, 0);
    expect(first.stillDecidedBy).toEqual([expect.objectContaining({ source: 'tax', attribute: TAX, value: tax })]);
    const one = await accept(first.id);
    expect(one.objection.stillDecidedBy).toEqual([expect.objectContaining({ source: 'tax', attribute: TAX, value: tax, labelZh: '近12个月工资薪金所得' })]);
    const d = wageOf(one.report, personId)!;
    expect(d.verified).toBeCloseTo(tax / 12, 2);
    expect(d.zh).toContain(`（复核更正：月工资原值 ${hr} 更正为 0，reviewer-wang 依据证据 ${EVIDENCE.documentSha256.slice(0, 12)}）`);
    expect(d.en).toContain(`${HR} ${hr} -> 0, override by reviewer-wang on evidence ${EVIDENCE.documentSha256.slice(0, 12)}`);
    expect(d.sources.find((s) => s.source === 'tax')!.overrides).toEqual([]);
    expect(d.sources.find((s) => s.source === 'hrss_employment')!.overrides).toEqual([expect.objectContaining({ attribute: HR, original: hr, value: 0, by: 'reviewer-wang', raisedBy: 'caseworker-li', objectionId: first.id })]);

    // Tax's wage corrected too (a second objection): nothing decides any more, the discrepancy is gone.
    const second = await raise(TAX, 0);
    const two = await accept(second.id);
    expect(two.objection.stillDecidedBy).toEqual([]);
    expect(wageOf(two.report, personId)).toBeUndefined();
    expect(two.report.revision).toBe(report.revision + 2);
    const listed = await t.gql<{ objections: Objection[] }>(raiser, `query($r: ID!) { objections(reportId: $r) { ${OBJECTION} } }`, { r: report.id });
    expect(listed.body.data!.objections).toEqual([
      { id: first.id, status: 'ACCEPTED', stillDecidedBy: [] },
      { id: second.id, status: 'ACCEPTED', stillDecidedBy: [] },
    ]);
  });
});
