import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/index.js';
import { HubError } from '../../src/errors/index.js';
import { policyFromVersions, resolvePolicy, savePolicy, seedPolicies } from '../../src/regional-policy/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

let t: TestDatabase;
const admin: Caller = { sub: 'policy-admin', org: '370000', roles: ['admin'], issuer: 'test', tokenId: null };

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

async function refusal(p: Promise<unknown>): Promise<HubError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof HubError)) throw new Error(`expected a HubError, got ${String(err)}`);
  return err;
}

describe('resolving the policy in force', () => {
  it('merges county over city over province, each at its latest version on the date', async () => {
    const p = await resolvePolicy(t.db, '370102', '2026-06-01');
    expect(p.versions.map((v) => `${v.regionCode}@${v.effectiveFrom}`)).toEqual(['370000@2026-01-01', '370100@2026-01-01', '370102@2026-03-01']);
    expect(p.parameters.standards.urban).toEqual({ minimumLiving: 1100, lowIncome: 1650 });
    expect(p.parameters.assetLimits.depositsPerCapita).toBe(36000);
    expect(p.parameters.economy.urbanMinimumWageMonthly).toBe(2100);
  });

  it('uses the version in force on the date, not the newest', async () => {
    expect((await resolvePolicy(t.db, '370102', '2026-02-01')).parameters.assetLimits.depositsPerCapita).toBe(30000);
    expect((await resolvePolicy(t.db, '370811', '2025-06-01')).parameters.standards.urban.minimumLiving).toBe(950);
  });

  it('answers NO_POLICY naming the region and the date when nothing is in force', async () => {
    const err = await refusal(resolvePolicy(t.db, '370102', '2024-06-01'));
    expect(err.extensions.code).toBe('NO_POLICY');
    expect(err.message).toContain('370102');
    expect(err.message).toContain('2024-06-01');
  });
});

describe('saving a policy version', () => {
  it('refuses a document that does not parse, naming the field', async () => {
    const err = await refusal(savePolicy(t.db, admin, { regionCode: '370800', effectiveFrom: '2026-07-01', parameters: { standards: { urban: { minimumLiving: 900, lowIncome: 800 }, rural: { minimumLiving: 700, lowIncome: 1050 } } } }));
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parameters.standards.urban.lowIncome' });
    const unknown = await refusal(savePolicy(t.db, admin, { regionCode: '370800', effectiveFrom: '2026-07-01', parameters: { bonus: 1 } }));
    expect(unknown.extensions.code).toBe('BAD_USER_INPUT');
    expect(unknown.message).toContain('bonus');
  });

  it('refuses a programme or veto with a missing or inconsistent parameter, naming the field', async () => {
    const resolved = await resolvePolicy(t.db, '370811', '2026-06-01');
    const programmes = resolved.parameters.programmes!;
    const save = (parameters: unknown) => refusal(savePolicy(t.db, admin, { regionCode: '370800', effectiveFrom: '2026-07-15', parameters }));
    const { basicLivingMultiple: _standard, ...withoutStandard } = programmes.extremePoverty;
    expect((await save({ programmes: { ...programmes, extremePoverty: withoutStandard } })).extensions.field).toBe('parameters.programmes.extremePoverty.basicLivingMultiple');
    const { NO_SELF_CARE: _care, ...twoLevels } = programmes.extremePoverty.careAllowance;
    expect((await save({ programmes: { ...programmes, extremePoverty: { ...programmes.extremePoverty, careAllowance: twoLevels } } })).extensions.field).toBe('parameters.programmes.extremePoverty.careAllowance.NO_SELF_CARE');
    const veto = { code: 'SOLD', zh: '出售房产', en: 'Sold a home', when: { kind: 'member-attribute', attribute: 're_property.sold_12m_amount', op: 'gt', value: 0 }, outcome: 'DEFER' };
    expect((await save({ vetoes: [veto] })).extensions.field).toBe('parameters.vetoes.0.deferMonths');
    const benefit = resolved.parameters.benefit!;
    const elderly = { code: 'OLD', group: 'ELDERLY', share: 0.1, zh: '老年人', en: 'Elderly', source: 'test' };
    expect((await save({ benefit: { ...benefit, increments: [elderly] } })).extensions.field).toBe('parameters.benefit.increments.0.minAge');
    // Consistent across sections: marginal households may own at least what 低保 households may.
    const low = await save({ marginalAssetLimits: { ...resolved.parameters.marginalAssetLimits!, depositsPerCapita: 1000 } });
    expect(low.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parameters.marginalAssetLimits.depositsPerCapita' });
    expect(await t.db('policy_versions').where({ region_code: '370800', effective_from: '2026-07-15' }).first()).toBeUndefined();
  });

  it('adds a dated version that later dates use while old reports keep theirs, audited', async () => {
    const before = await resolvePolicy(t.db, '370811', '2026-06-01');
    const saved = await savePolicy(t.db, admin, { regionCode: '370800', effectiveFrom: '2026-09-01', parameters: { standards: { urban: { minimumLiving: 1200, lowIncome: 1800 }, rural: { minimumLiving: 950, lowIncome: 1425 } } } });
    expect((await resolvePolicy(t.db, '370811', '2026-10-01')).parameters.standards.urban.minimumLiving).toBe(1200);
    const again = await policyFromVersions(t.db, before);
    expect(again).toEqual(before);
    expect(await t.db('audit_events').where({ action: 'policy.save', actor_sub: 'policy-admin' }).first('region_code')).toEqual({ region_code: '370800' });
    const duplicate = await refusal(savePolicy(t.db, admin, { regionCode: '370800', effectiveFrom: '2026-09-01', parameters: {} }));
    expect(duplicate.extensions.field).toBe('effectiveFrom');
    expect(saved.regionCode).toBe('370800');
  });
});

describe('policies over GraphQL', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub?.stop());

  it('lets an admin save within the jurisdiction only, and anyone authenticated read', async () => {
    const mutation = 'mutation($p: JSON!) { savePolicy(regionCode: "320100", effectiveFrom: "2026-08-01", parameters: $p) { id effectiveFrom } }';
    const p = { circles: { circle3Multiple: 1.4, circle4Multiple: 1.8 } };
    const verifier = await hub.gql(await hub.token(['verifier'], '320000'), mutation, { p });
    expect(verifier.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const outsider = await hub.gql(await hub.token(['admin'], '370000'), mutation, { p });
    expect(outsider.body.errors![0]!.extensions!.code).toBe('OUT_OF_JURISDICTION');
    const ok = await hub.gql<{ savePolicy: { effectiveFrom: string } }>(await hub.token(['admin'], '320000'), mutation, { p });
    expect(ok.body.data!.savePolicy.effectiveFrom).toBe('2026-08-01');
    const read = await hub.gql<{ policy: { parameters: { circles: unknown } } }>(await hub.token(['auditor'], '320100'), '{ policy(regionCode: "320102", date: "2026-09-01") { parameters } }');
    expect(read.body.data!.policy.parameters.circles).toEqual(p.circles);
  });
});

describe('seeding the shipped versions', () => {
  it('brings a seeded version stored by an earlier release up to its file, and leaves an administrator\'s version alone', async () => {
    // An earlier release's seed of Shandong 2026, without today's sections.
    await t.db('policy_versions').where({ region_code: '370000', effective_from: '2026-01-01' }).update({ parameters: { standards: { urban: { minimumLiving: 1, lowIncome: 2 }, rural: { minimumLiving: 1, lowIncome: 2 } } } });
    const own = { region_code: '370100', effective_from: '2026-01-01' };
    await t.db('policy_versions').where(own).update({ created_by: 'policy-admin', about: 'Jinan, saved by its administrator' });
    expect(await seedPolicies(t.db)).toBe(1);
    const shandong = await t.db('policy_versions').where({ region_code: '370000', effective_from: '2026-01-01' }).first('parameters');
    expect(shandong.parameters.standards.urban.minimumLiving).toBe(1000);
    expect(shandong.parameters.programmes).toBeDefined();
    expect(await t.db('policy_versions').where(own).first('about', 'created_by')).toEqual({ about: 'Jinan, saved by its administrator', created_by: 'policy-admin' });
    // Nothing changed since: nothing written.
    expect(await seedPolicies(t.db)).toBe(0);
  });

  it('resolves what seeding wrote, though the same versions were resolved (and kept) before', async () => {
    const seeded = { region_code: '370000', effective_from: '2026-01-01' };
    const current = await t.db('policy_versions').where(seeded).first('parameters');
    await t.db('policy_versions').where(seeded).update({ parameters: { ...current.parameters, standards: { urban: { minimumLiving: 1, lowIncome: 2 }, rural: { minimumLiving: 1, lowIncome: 2 } } } });
    expect((await resolvePolicy(t.db, '370000', '2026-06-01')).parameters.standards.urban.minimumLiving).toBe(1);
    expect(await seedPolicies(t.db)).toBe(1);
    const resolved = await resolvePolicy(t.db, '370000', '2026-06-01');
    expect(resolved.parameters.standards.urban.minimumLiving).toBe(1000);
    expect((await policyFromVersions(t.db, resolved)).parameters.standards.urban.minimumLiving).toBe(1000);
    expect(Object.isFrozen(resolved.parameters.standards)).toBe(true);
  });
});
