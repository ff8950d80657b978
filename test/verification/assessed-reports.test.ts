import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { catalog } from '../../src/catalog/index.js';
import { recordAssessment } from '../../src/households/index.js';
import { policyFromVersions, savePolicy } from '../../src/regional-policy/index.js';
import { localDate } from '../../src/regions/index.js';
import { assessReport } from '../../src/reports/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { readReportBody } from '../../src/reports/index.js';

let t: TestHub;
let token: string;

const VERIFY = `mutation($input: VerificationInput!) { requestVerification(input: $input) {
  id status reportSha256 household { id }
  signature { jws kid }
  assessment { circle targetGroups hardship { index } income { perCapita { value rule } byKind { kind figure { value rule attributes } } } policy { regionCode versions { regionCode effectiveFrom } } }
  discrepancies { kind } } }`;

function inputFor(h: SandboxHousehold, extra: Record<string, unknown> = {}) {
  return {
    household: {
      regionCode: h.regionCode,
      externalRef: h.id,
      members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: h.declaration.members.find((d) => d.idNumber === m.idNumber)!.monthlyIncome })),
      declaredAssets: h.declaration.assets,
      ...extra,
    },
    purpose: 'NEW_APPLICATION',
    applicationRef: `APP-${h.id}`,
  };
}

async function consent(persons: { idNumber: string; name: string }[], who = token) {
  const documentSha256 = await t.consentDocument(who);
  const res = await t.gql(who, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
    c: persons.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' })),
  });
  expect(res.body.errors).toBeUndefined();
}

async function verified(h: SandboxHousehold, extra: Record<string, unknown> = {}) {
  await consent(h.members);
  const res = await t.gql<{ requestVerification: { id: string; household: { id: string } } }>(token, VERIFY, { input: inputFor(h, extra) });
  expect(res.body.errors).toBeUndefined();
  await t.hub.verification.settled();
  return res.body.data!.requestVerification;
}

beforeAll(async () => {
  t = await startTestHub({ SANDBOX_BANK_DELAY_MS: '20' });
  token = await t.token(['verifier', 'assistance-system'], '370102');
});
afterAll(() => t?.stop());

const households = () => t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102');

describe('assessed and signed reports', () => {
  it('assesses the household under the policy in force once every source has answered, and signs the report', async () => {
    const h = households().find((x) => x.lowIncome && x.members.length >= 2)!;
    const { id } = await verified(h);
    const res = await t.gql<{ verificationReport: { status: string; reportSha256: string; signature: { jws: string; kid: string }; assessment: { circle: number | null; policy: { versions: { regionCode: string }[] }; income: { perCapita: { rule: string } } } } }>(
      token,
      `{ verificationReport(id: "${id}") { status reportSha256 signature { jws kid } assessment { circle policy { versions { regionCode } } income { perCapita { rule } } } } }`,
    );
    const report = res.body.data!.verificationReport;
    expect(report.status).toBe('COMPLETE');
    expect(report.assessment.policy.versions.map((v) => v.regionCode)).toEqual(['370000', '370100', '370102']);
    expect(report.assessment.income.perCapita.rule).toMatch(/\S/);

    const check = await t.gql<{ verifyReport: { valid: boolean; reportId: string; reportSha256: string; kid: string } }>(token, 'query($j: String!) { verifyReport(jws: $j) { valid reportId reportSha256 kid check } }', { j: report.signature.jws });
    expect(check.body.data!.verifyReport).toMatchObject({ valid: true, reportId: id, reportSha256: report.reportSha256, kid: report.signature.kid });

    const [header, payload, sig] = report.signature.jws.split('.') as [string, string, string];
    const text = Buffer.from(payload, 'base64url').toString();
    const tampered = `${header}.${Buffer.from(text.replace('"status":"COMPLETE"', '"status":"COMPLETF"')).toString('base64url')}.${sig}`;
    const bad = await t.gql<{ verifyReport: { valid: boolean; check: string } }>(token, 'query($j: String!) { verifyReport(jws: $j) { valid check } }', { j: tampered });
    expect(bad.body.data!.verifyReport).toEqual({ valid: false, check: 'SIGNATURE' });

    const jwks = (await (await fetch(t.url.replace('/graphql', '/.well-known/jwks.json'))).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(report.signature.kid);
  });

  it('re-assesses an old report with its recorded policy versions to the same result, after the policy changed', async () => {
    const h = households().find((x) => x.applicant && x.members.length >= 3)!;
    const { id } = await verified(h);
    await savePolicy(t.hub.db, { sub: 'admin', org: '370000', roles: ['admin'], issuer: 'test', tokenId: null }, {
      regionCode: '370102',
      effectiveFrom: new Date().toISOString().slice(0, 10),
      parameters: { circles: { circle3Multiple: 1.2, circle4Multiple: 1.4 } },
    });
    const body = (await readReportBody(t.hub.db, id))!;
    const policy = await policyFromVersions(t.hub.db, body.policy);
    // The same pipeline the report was assessed with: the means test, what is provisional, the sentences.
    const again = assessReport(body, policy, catalog());
    expect(again).toEqual(body.assessment);
  });

  it('counts a supporter outside the household as support income', async () => {
    const elderly = households().find((x) => x.members.length === 1 && Number(x.members[0]!.birthDate.slice(0, 4)) < 1960)!;
    const child = households().find((x) => x !== elderly && x.members.some((m) => m.traits.wageMonthly > 3000))!.members.find((m) => m.traits.wageMonthly > 3000)!;
    await consent([child]);
    const { id } = await verified(elderly, { supporters: [{ idNumber: child.idNumber, name: child.name, relation: 'CHILD' }] });
    const res = await t.gql<{ verificationReport: { supporters: { idNumber: string }[]; assessment: { income: { byKind: { kind: string; figure: { value: number; attributes: string[] } }[] } } } }>(
      token,
      `{ verificationReport(id: "${id}") { supporters { idNumber } assessment { income { byKind { kind figure { value attributes } } } } } }`,
    );
    const report = res.body.data!.verificationReport;
    expect(report.supporters.map((s) => s.idNumber)).toEqual([child.idNumber]);
    const support = report.assessment.income.byKind.find((k) => k.kind === 'SUPPORT');
    expect(support?.figure.value).toBeGreaterThan(0);
  });

  it('serves the printable report to an authorised reader only', async () => {
    const h = households().find((x) => x.members.length >= 2 && x.applicant)!;
    const { id } = await verified(h);
    const url = t.url.replace('/graphql', `/reports/${id}.html`);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${await t.token(['verifier'], '370103', 'html-outsider')}` } })).status).toBe(403);
    expect(await t.hub.db('audit_events').where({ action: 'report.read', outcome: 'REFUSED', actor_sub: 'html-outsider', error_code: 'OUT_OF_JURISDICTION' }).first()).toBeDefined();
    const page = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const kid = (await t.hub.db('reports').where({ id }).first('signing_kid')).signing_kid as string;
    expect(html).toContain(h.id);
    expect(html).toContain(kid);
    expect(html).toContain(`${h.members[0]!.idNumber.slice(0, 6)}********`);
    expect(html).not.toContain(h.members[0]!.idNumber);
    expect(html).toContain('困难指数');
  });
});

describe('household status and ranking', () => {
  it('ranks the region neediest first, pages with cursors, filters, and shows status with history', async () => {
    for (const h of households().filter((x) => x.applicant).slice(0, 6)) await verified(h);
    const query = `query($f: RankingFilter, $after: String) { rankedHouseholds(regionCode: "370102", filter: $f, first: 3, after: $after) { edges { rank cursor status { hardshipIndex disabledMember household { id } } } hasNextPage endCursor } }`;
    type Page = { rankedHouseholds: { edges: { rank: number | null; status: { hardshipIndex: number; disabledMember: boolean; household: { id: string } } }[]; hasNextPage: boolean; endCursor: string } };
    // includeExcluded: a vetoed or ineligible household is listed after the ranked ones, rank null (docs/ASSESSMENT.md, Ranking).
    const first = (await t.gql<Page>(token, query, { f: { includeExcluded: true } })).body.data!.rankedHouseholds;
    const second = (await t.gql<Page>(token, query, { f: { includeExcluded: true }, after: first.endCursor })).body.data!.rankedHouseholds;
    const all = [...first.edges, ...second.edges];
    expect(first.hasNextPage).toBe(true);
    const ranks = all.map((e) => e.rank).filter((r) => r !== null);
    expect(ranks).toEqual(ranks.map((_, i) => i + 1));
    expect(all.slice(ranks.length).every((e) => e.rank === null)).toBe(true);
    const indices = all.slice(0, ranks.length).map((e) => e.status.hardshipIndex);
    expect(indices).toEqual([...indices].sort((a, b) => b - a));
    expect(new Set(all.map((e) => e.status.household.id)).size).toBe(6);

    const disabled = (await t.gql<Page>(token, query, { f: { disabledMember: true } })).body.data!.rankedHouseholds;
    expect(disabled.edges.every((e) => e.status.disabledMember)).toBe(true);

    const householdId = all[0]!.status.household.id;
    const status = await t.gql<{ household: { hardshipIndex: number; history: { reportId: string }[] } }>(token, `{ household(id: "${householdId}") { hardshipIndex history { reportId purpose status } } }`);
    expect(status.body.data!.household.hardshipIndex).toBe(all[0]!.status.hardshipIndex);
    expect(status.body.data!.household.history.length).toBeGreaterThanOrEqual(1);

    const outsider = await t.gql(await t.token(['verifier'], '370103'), query, {});
    expect(outsider.body.errors![0]!.extensions!.code).toBe('OUT_OF_JURISDICTION');
    // A longer code that starts with the caller's own must not widen the scope to the province.
    const widened = await t.gql(token, query.replace('"370102"', '"3701020000"'), {});
    expect(widened.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
  });

  it('keeps the newest report as the status when an older one completes later', async () => {
    const [newer, older] = (await t.hub.db('household_assessments').orderBy('assessed_at', 'desc').limit(2).select('*')) as { household_id: string; report_id: string; assessed_at: Date }[];
    const stale = { ...(await readReportBody(t.hub.db, older!.report_id))!.assessment!, circle: 4 as const };
    await t.hub.db.transaction((trx) => recordAssessment(trx, newer!.household_id, older!.report_id, '370102', new Date(newer!.assessed_at.getTime() - 60_000).toISOString(), stale));
    expect(await t.hub.db('household_assessments').where({ household_id: newer!.household_id }).first('report_id')).toEqual({ report_id: newer!.report_id });
  });

  it('refuses a verification with NO_POLICY naming region and date when the region has none in force', async () => {
    await t.hub.db('policy_versions').where('region_code', 'like', '62%').delete();
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode.startsWith('62'))!;
    const gansu = await t.token(['verifier'], h.regionCode);
    await consent(h.members, gansu);
    const res = await t.gql(gansu, VERIFY, { input: inputFor(h) });
    expect(res.body.errors![0]!.extensions!.code).toBe('NO_POLICY');
    expect(res.body.errors![0]!.message).toContain(h.regionCode);
    // The region's day (Beijing), which from 16:00 UTC on is the next UTC day.
    expect(res.body.errors![0]!.message).toContain(localDate(new Date().toISOString(), h.regionCode));
  });
});
