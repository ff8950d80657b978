import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';

/*
 * Objections (复核): raised by one verifier with evidence, decided by another; an accepted one
 * stores a new signed version of the report with the value replaced and the original kept.
 */

let t: TestHub;
let raiser: string;
let reviewer: string;
let system: string;

const WAGE = 'hrss_employment.wage_monthly';
const EVIDENCE = { documentSha256: 'ab'.repeat(32), note: '单位出具的工资证明：2026年10月起停薪留职' };
const FIGURE = 'value attributes zh en';
const REPORT = `id reportSha256 revision signature { jws kid } discrepancies { kind person { id } verified }
  members { person { id } records { hrss_employment { wage_monthly } } overrides { attribute original value by raisedBy evidence { documentSha256 note } objectionId at } }
  assessment { income { gross { ${FIGURE} } } members { person { id } income { kind figure { ${FIGURE} } } } }`;
const OBJECTION = 'id reportId person { id idNumberMasked } attribute labelZh original proposedValue evidence { documentSha256 note } status raisedBy reviewedBy reviewNote reportSha256Before reportSha256After';
const RAISE = `mutation($r: ID!, $p: ID!, $a: ID!, $v: AttributeScalar!, $e: ObjectionEvidenceInput!) {
  raiseObjection(reportId: $r, personId: $p, attribute: $a, proposedValue: $v, evidence: $e) { ${OBJECTION} } }`;
const REVIEW = `mutation($o: ID!, $d: ObjectionDecision!, $n: String!) { reviewObjection(objectionId: $o, decision: $d, note: $n) { objection { ${OBJECTION} } report { ${REPORT} } } }`;

interface Figure {
  value: number;
  attributes: string[];
  zh: string;
  en: string;
}
interface Report {
  id: string;
  reportSha256: string;
  revision: number;
  signature: { jws: string; kid: string };
  discrepancies: { kind: string; person: { id: string } | null; verified: number }[];
  members: { person: { id: string }; records: { hrss_employment: { wage_monthly: number | null } | null }; overrides: { attribute: string; original: unknown; value: unknown; by: string; raisedBy: string; evidence: { documentSha256: string }; objectionId: string }[] }[];
  assessment: { income: { gross: Figure }; members: { person: { id: string }; income: { kind: string; figure: Figure }[] }[] };
}
interface Objection {
  id: string;
  status: string;
  original: unknown;
  proposedValue: unknown;
  raisedBy: string;
  reviewedBy: string | null;
  reportSha256Before: string;
  reportSha256After: string | null;
  person: { id: string; idNumberMasked: string };
}

const households = () => t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102');

async function verified(h: SandboxHousehold): Promise<Report> {
  const documentSha256 = await t.consentDocument(raiser);
  const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(raiser, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c })).body.errors).toBeUndefined();
  const input = { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}`, sources: ['ps_hukou', 'hrss_employment'] };
  const res = await t.gql<{ requestVerification: Report }>(raiser, `mutation($input: VerificationInput!) { requestVerification(input: $input) { ${REPORT} } }`, { input });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.requestVerification;
}

/** A report of a 370102 household with a member whose wage the employment agency holds, and that member. */
async function reportWithWage(skip: number): Promise<{ report: Report; personId: string; wage: number }> {
  for (const h of households().slice(skip)) {
    const report = await verified(h);
    const m = report.members.find((x) => typeof x.records.hrss_employment?.wage_monthly === 'number');
    if (m) return { report, personId: m.person.id, wage: m.records.hrss_employment!.wage_monthly! };
  }
  throw new Error('no household with a wage record');
}

const raise = (token: string, vars: Record<string, unknown>) => t.gql<{ raiseObjection: Objection }>(token, RAISE, vars);
const review = (token: string, o: string, d: 'ACCEPT' | 'REJECT', n = '证明材料齐全') => t.gql<{ reviewObjection: { objection: Objection; report: Report } }>(token, REVIEW, { o, d, n });
const refusals = (sub: string, action: string) => t.hub.db('audit_events').where({ actor_sub: sub, action, outcome: 'REFUSED' }).orderBy('seq').select('error_code', 'details');

beforeAll(async () => {
  t = await startTestHub();
  // Both may review (the role reviewer): the four-eyes rule, not the role, stops the raiser deciding.
  raiser = await t.token(['verifier', 'reviewer'], '370102', 'verifier-a');
  reviewer = await t.token(['verifier', 'reviewer'], '370100', 'verifier-b');
  system = await t.token(['assistance-system'], '370102', 'system-c');
});
afterAll(async () => {
  await t?.stop();
});

describe('objections (复核)', () => {
  let accepted: { report: Report; personId: string; wage: number; after: Report };

  it('an accepted objection stores a new signed version: value replaced, original kept, assessment recomputed, audited', async () => {
    const found = await reportWithWage(0);
    const { report, personId, wage } = found;
    const proposed = wage + 20000;
    const raised = await raise(raiser, { r: report.id, p: personId, a: WAGE, v: proposed, e: EVIDENCE });
    expect(raised.body.errors).toBeUndefined();
    const o = raised.body.data!.raiseObjection;
    expect(o).toMatchObject({ status: 'OPEN', original: wage, proposedValue: proposed, raisedBy: 'verifier-a', reviewedBy: null, reportSha256Before: report.reportSha256, reportSha256After: null });
    expect(o.person.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);

    const res = await review(reviewer, o.id, 'ACCEPT');
    expect(res.body.errors).toBeUndefined();
    const { objection, report: after } = res.body.data!.reviewObjection;
    accepted = { ...found, after };
    expect(objection).toMatchObject({ status: 'ACCEPTED', reviewedBy: 'verifier-b', reportSha256Before: report.reportSha256 });
    // A new version: another hash and signature, which verifies and names the new hash.
    expect(after.id).toBe(report.id);
    expect(after.reportSha256).not.toBe(report.reportSha256);
    expect(objection.reportSha256After).toBe(after.reportSha256);
    expect(after.signature.jws).not.toBe(report.signature.jws);
    const check = await t.gql<{ verifyReport: { valid: boolean; reportSha256: string } }>(raiser, 'query($j: String!) { verifyReport(jws: $j) { valid reportSha256 } }', { j: after.signature.jws });
    expect(check.body.data!.verifyReport).toEqual({ valid: true, reportSha256: after.reportSha256 });
    const row = await t.hub.db('reports').where({ id: report.id }).first('body_sha256');
    expect(row.body_sha256).toBe(after.reportSha256);

    // The record shows the new value; the original stays visible with its provenance.
    const member = after.members.find((m) => m.person.id === personId)!;
    expect(member.records.hrss_employment!.wage_monthly).toBe(proposed);
    expect(member.overrides).toEqual([expect.objectContaining({ attribute: WAGE, original: wage, value: proposed, by: 'verifier-b', raisedBy: 'verifier-a', evidence: expect.objectContaining({ documentSha256: EVIDENCE.documentSha256 }), objectionId: o.id })]);
    // Recomputed: the household's gross income rose, and the member's wage figure says why.
    expect(after.assessment.income.gross.value).toBeGreaterThan(report.assessment.income.gross.value);
    const wageFigure = after.assessment.members.find((m) => m.person.id === personId)!.income.find((k) => k.kind === 'WAGE')!.figure;
    expect(wageFigure.value).toBe(proposed);
    expect(wageFigure.zh).toContain('复核更正');
    expect(wageFigure.en).toContain(`override by verifier-b on evidence ${EVIDENCE.documentSha256.slice(0, 12)}`);
    // The household declares its income by kind (batchItem): the overridden wage is compared as a wage.
    expect(after.discrepancies.some((d) => d.kind === 'WAGE_ABOVE_DECLARED' && d.person?.id === personId)).toBe(true);
    // The request asked two sources only: the revision, like the report, does not become the household's status.
    expect(await t.hub.db('household_assessments').where({ report_id: report.id }).first()).toBeUndefined();

    const events = await t.hub.db('audit_events').where({ report_id: report.id }).whereIn('action', ['objection.raise', 'objection.review']).orderBy('seq').select('action', 'outcome', 'actor_sub', 'report_sha256', 'attribute_codes', 'subject_ids', 'details');
    expect(events).toEqual([
      expect.objectContaining({ action: 'objection.raise', outcome: 'ALLOWED', actor_sub: 'verifier-a', report_sha256: report.reportSha256, attribute_codes: [WAGE], subject_ids: [personId] }),
      expect.objectContaining({ action: 'objection.review', outcome: 'ALLOWED', actor_sub: 'verifier-b', report_sha256: after.reportSha256, details: expect.objectContaining({ decision: 'ACCEPT', objectionId: o.id }) }),
    ]);
    // The version replaced stays fetchable with its signature, which still verifies.
    expect(after.revision).toBe(report.revision + 1);
    const versions = await t.gql<{ reportVersions: { revision: number; reportSha256: string; signature: { jws: string; kid: string }; report: Report }[] }>(
      raiser,
      `query($r: ID!) { reportVersions(reportId: $r) { revision reportSha256 signature { jws kid } createdAt report { ${REPORT} } } }`,
      { r: report.id },
    );
    expect(versions.body.errors).toBeUndefined();
    const list = versions.body.data!.reportVersions;
    expect(list.map((v) => v.revision)).toEqual(Array.from({ length: after.revision }, (_, i) => i + 1));
    const previous = list.at(-2)!;
    expect(previous).toMatchObject({ revision: report.revision, reportSha256: report.reportSha256, signature: report.signature });
    expect(previous.report.members.find((m) => m.person.id === personId)!.records.hrss_employment!.wage_monthly).toBe(wage);
    expect(list.at(-1)).toMatchObject({ revision: after.revision, reportSha256: after.reportSha256, signature: after.signature });
    const old = await t.gql<{ verifyReport: { valid: boolean; reportSha256: string } }>(raiser, 'query($j: String!) { verifyReport(jws: $j) { valid reportSha256 } }', { j: previous.signature.jws });
    expect(old.body.data!.verifyReport).toEqual({ valid: true, reportSha256: report.reportSha256 });
    expect(await t.hub.db('audit_events').where({ report_id: report.id, action: 'report.versions' }).select('actor_sub', 'outcome')).toEqual([{ actor_sub: 'verifier-a', outcome: 'ALLOWED' }]);

    // Values never enter the audit trail.
    expect(JSON.stringify(events)).not.toContain(String(proposed));
    const auditor = await t.token(['auditor'], '370102', 'auditor-x');
    expect((await t.gql<{ auditChain: { ok: boolean } }>(auditor, '{ auditChain { ok } }')).body.data!.auditChain.ok).toBe(true);
  });

  it('a rejected objection leaves the report as it was', async () => {
    const { report, personId, wage } = await reportWithWage(3);
    const o = (await raise(system, { r: report.id, p: personId, a: WAGE, v: wage + 1, e: EVIDENCE })).body.data!.raiseObjection;
    const res = await review(reviewer, o.id, 'REJECT', '证明与社保缴费记录不符');
    expect(res.body.errors).toBeUndefined();
    const { objection, report: after } = res.body.data!.reviewObjection;
    expect(objection).toMatchObject({ status: 'REJECTED', reviewedBy: 'verifier-b', reportSha256After: null });
    expect(after.reportSha256).toBe(report.reportSha256);
    expect(after.signature.jws).toBe(report.signature.jws);
    expect(after.members.every((m) => m.overrides.length === 0)).toBe(true);
    const listed = await t.gql<{ objections: Objection[] }>(raiser, 'query($r: ID!) { objections(reportId: $r) { id status raisedBy } }', { r: report.id });
    expect(listed.body.data!.objections).toEqual([{ id: o.id, status: 'REJECTED', raisedBy: 'system-c' }]);
  });

  it('refuses, naming the field, and audits: a value not in the report, a role that may not, outside the jurisdiction, one reviewing their own, twice', async () => {
    const { report, personId } = accepted;
    const base = { r: report.id, p: personId, a: WAGE, v: 1, e: EVIDENCE };
    const code = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions;

    // Not asked of tax: no such value in the report; a person not in it.
    expect(code(await raise(raiser, { ...base, a: 'tax.wage_income_12m' }))).toMatchObject({ code: 'NOT_IN_REPORT', field: 'attribute' });
    expect(code(await raise(raiser, { ...base, p: '00000000-0000-4000-8000-000000000001' }))).toMatchObject({ code: 'NOT_IN_REPORT', field: 'personId' });
    expect(code(await raise(raiser, { ...base, v: 'much' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'proposedValue' });
    expect(code(await raise(raiser, { ...base, e: { documentSha256: 'AB'.repeat(32), note: 'x' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'evidence.documentSha256' });
    expect(await refusals('verifier-a', 'objection.raise')).toEqual(['NOT_IN_REPORT', 'NOT_IN_REPORT', 'BAD_USER_INPUT', 'BAD_USER_INPUT'].map((c) => expect.objectContaining({ error_code: c })));

    // An auditor may not raise; an assistance system may raise but not review.
    const auditor = await t.token(['auditor'], '370102', 'auditor-y');
    expect(code(await raise(auditor, base))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusals('auditor-y', 'objection.raise')).toEqual([expect.objectContaining({ error_code: 'FORBIDDEN' })]);

    const open = (await raise(raiser, base)).body.data!.raiseObjection;
    expect(code(await raise(system, base))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attribute' }); // one open objection per value
    expect(code(await review(system, open.id, 'ACCEPT'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusals('system-c', 'objection.review')).toEqual([expect.objectContaining({ error_code: 'FORBIDDEN' })]);
    // Deciding needs the role reviewer: a verifier of the jurisdiction without it may not.
    const plain = await t.token(['verifier'], '370102', 'verifier-plain');
    expect(code(await review(plain, open.id, 'ACCEPT'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusals('verifier-plain', 'objection.review')).toEqual([expect.objectContaining({ error_code: 'FORBIDDEN' })]);

    // Outside the jurisdiction: a Shizhong (370103) verifier can neither raise nor review.
    const foreign = await t.token(['verifier', 'reviewer'], '370103', 'verifier-foreign');
    expect(code(await raise(foreign, base))).toMatchObject({ code: 'OUT_OF_JURISDICTION', field: 'reportId' });
    expect(code(await review(foreign, open.id, 'ACCEPT'))).toMatchObject({ code: 'OUT_OF_JURISDICTION', field: 'objectionId' });
    expect((await refusals('verifier-foreign', 'objection.raise')).concat(await refusals('verifier-foreign', 'objection.review'))).toEqual([
      expect.objectContaining({ error_code: 'OUT_OF_JURISDICTION' }),
      expect.objectContaining({ error_code: 'OUT_OF_JURISDICTION' }),
    ]);

    // Four eyes: the one who raised it may not decide it; decided once, it stays decided.
    expect(code(await review(raiser, open.id, 'ACCEPT'))).toMatchObject({ code: 'FOUR_EYES', field: 'objectionId' });
    expect(await refusals('verifier-a', 'objection.review')).toEqual([expect.objectContaining({ error_code: 'FOUR_EYES', details: expect.objectContaining({ field: 'objectionId', via: 'graphql reviewObjection' }) })]);
    expect((await review(reviewer, open.id, 'REJECT')).body.errors).toBeUndefined();
    expect(code(await review(reviewer, open.id, 'ACCEPT'))).toMatchObject({ code: 'ALREADY_REVIEWED' });
    expect(await refusals('verifier-b', 'objection.review')).toEqual([expect.objectContaining({ error_code: 'ALREADY_REVIEWED' })]);
    // Nothing refused (nor the rejection) changed the report: it is still the accepted version.
    expect((await t.hub.db('reports').where({ id: report.id }).first('body_sha256')).body_sha256).toBe(accepted.after.reportSha256);
    expect(Number((await t.hub.db('objections').where({ report_id: report.id }).count<{ count: string }[]>('* as count'))[0]!.count)).toBe(2);
  });
});
