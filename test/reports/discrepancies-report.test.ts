import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

const PROGRAMMES = fileURLToPath(new URL('../../connectors/sandbox/fixtures/programmes.json', import.meta.url));

let t: TestHub;
let token: string;

beforeAll(async () => {
  t = await startTestHub({ SANDBOX_FIXTURES: PROGRAMMES, SANDBOX_BANK_DELAY_MS: '50' });
  token = await t.token(['verifier', 'assistance-system'], '370100');
});
afterAll(() => t?.stop());

const SELECTION = `{ id discrepancies { kind labelZh severity declared verified unit attributes zh en sources { source asOf } tolerance { kind absolute relative allowed } member { name relation } person { id } holders { id idNumberMasked } } undeclaredItemsFound }`;

interface Found {
  id: string;
  discrepancies: { kind: string; labelZh: string; severity: string; declared: number | null; verified: number; zh: string; en: string; sources: { source: string; asOf: string }[]; tolerance: { allowed: number } | null; member: { name: string } | null }[];
}

/** FIX-BANK-1 (two pensioners, 150,000 at ICBC as of 2026-10-31) declared as given, by kind; the report read back. */
async function verify(h: SandboxHousehold, declaredAssets: Record<string, unknown>): Promise<Found> {
  const documentSha256 = await t.consentDocument(token);
  const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents })).body.errors).toBeUndefined();
  const pensions = [1000, 600];
  const input = {
    household: { regionCode: h.regionCode, externalRef: h.id, members: h.members.map((m, i) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation, declaredIncome: { pension: pensions[i] } })), declaredAssets },
    purpose: 'NEW_APPLICATION',
    applicationRef: `APP-${h.id}-${Date.now()}`,
  };
  // Selecting discrepancies is what makes the hub fetch what the comparison reads (the banks answer later).
  const res = await t.gql<{ requestVerification: { id: string } }>(token, `mutation($input: VerificationInput!) { requestVerification(input: $input) { id discrepancies { kind } } }`, { input });
  expect(res.body.errors).toBeUndefined();
  await t.hub.verification.settled();
  const read = await t.gql<{ verificationReport: Found }>(token, `query($id: ID!) { verificationReport(id: $id) ${SELECTION} }`, { id: res.body.data!.requestVerification.id });
  expect(read.body.errors).toBeUndefined();
  return read.body.data!.verificationReport;
}

describe('discrepancies in the report, through GraphQL and on the printable page', () => {
  it('hidden deposits: one MEDIUM discrepancy with its sentence, bank and date, once the bank has answered', async () => {
    const h = t.hub.sandbox!.population.household('FIX-BANK-1')!;
    const report = await verify(h, { deposits: 10000, wealthProducts: 0, funds: 0, housingFund: 0, vehicles: 0, properties: 1, businesses: 0 });
    expect(report.discrepancies).toEqual([
      {
        kind: 'DEPOSITS_ABOVE_DECLARED',
        labelZh: '存款高于申报',
        severity: 'MEDIUM',
        declared: 10000,
        verified: 150000,
        unit: 'CNY',
        attributes: ['bank_icbc.demand_deposit', 'bank_icbc.time_deposit'],
        // The holder named: the head's ICBC accounts.
        zh: '家庭申报存款 10000.00 元，核实 150000.00 元（中国工商银行账户信息 截至 2026-10-31），多出 140000.00 元，超出容差 7500.00 元（持有人：吴德明）',
        en: expect.stringContaining('declared deposits of 10000.00 CNY; verified 150000.00 CNY'),
        sources: [{ source: 'bank_icbc', asOf: '2026-10-31' }],
        tolerance: { kind: 'DEPOSITS', absolute: 1000, relative: 0.05, allowed: 7500 },
        member: null,
        person: null,
        holders: [{ id: expect.any(String), idNumberMasked: expect.stringMatching(/^370102.*8178$/) }],
      },
    ]);
    const page = await fetch(t.url.replace('/graphql', `/reports/${report.id}.html`), { headers: { authorization: `Bearer ${token}` } });
    expect(await page.text()).toContain('家庭申报存款 10000.00 元，核实 150000.00 元');
  });

  it('the same household declaring its deposits bank by bank, its income by kind: none', async () => {
    const h = t.hub.sandbox!.population.household('FIX-BANK-1')!;
    const report = await verify(h, { depositsByBank: [{ bank: 'bank_icbc', amount: 150000 }], vehicles: 0, properties: 1, businesses: 0 });
    expect(report.discrepancies).toEqual([]);
  });
});
