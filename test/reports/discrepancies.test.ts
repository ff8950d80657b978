import { describe, expect, it } from 'vitest';
import type { AttributeValue, PersonRecord } from '../../src/catalog/index.js';
import { catalog } from '../../src/catalog/index.js';
import { TOLERANCE_DEFAULTS, type DiscrepancyTolerances } from '../../src/regional-policy/index.js';
import { comparisonAttributes, findDiscrepancies, type DeclaredAssets, type DeclaredIncome, type Discrepancy, type ReportMember } from '../../src/reports/index.js';

const cat = catalog();
const AS_OF = '2026-10-31';
const REGION = '370102';

/** A member whose agencies answered with these values (by attribute code), each source as of AS_OF. */
function member(id: string, values: Record<string, AttributeValue>, declared: { total?: number | null; byKind?: Partial<DeclaredIncome> } = {}): ReportMember {
  const records: Record<string, PersonRecord> = {};
  for (const [code, value] of Object.entries(values)) {
    const source = cat.attribute(code)!.source;
    const r = (records[source] ??= { found: true, asOf: AS_OF, values: {} });
    if (r.found) r.values[code] = value;
  }
  const byKind = declared.byKind ? ({ wage: null, business: null, pension: null, property: null, transfer: null, other: null, ...declared.byKind } as DeclaredIncome) : null;
  return {
    personId: `p-${id}`,
    idNumber: `3701021980010100${id}`,
    name: `成员${id}`,
    relation: id === '1' ? 'HEAD' : 'SPOUSE',
    birthDate: '1980-01-01',
    sex: 'MALE',
    declaredMonthlyIncome: declared.total ?? (byKind ? Object.values(byKind).reduce<number>((s, v) => s + (v ?? 0), 0) : null),
    ...(byKind ? { declaredIncome: byKind } : {}),
    records,
  };
}

const assetsOf = (a: Partial<DeclaredAssets>): DeclaredAssets => ({ deposits: null, vehicles: null, properties: null, businesses: null, ...a });

function compare(members: ReportMember[], assets: Partial<DeclaredAssets> | null, tolerances?: DiscrepancyTolerances): Discrepancy[] {
  return findDiscrepancies(cat, { members, household: { regionCode: REGION, declaredAssets: assets && assetsOf(assets) }, ...(tolerances ? { tolerances } : {}) });
}

const kinds = (ds: Discrepancy[]) => ds.map((d) => d.kind).sort();

/** What the registers say of an ordinary living member registered in the county. */
const living = { 'ps_hukou.vital_status': 'ALIVE', 'ps_hukou.hukou_region': REGION, 'court.imprisoned': false, 'fin_payroll.on_public_payroll': false };

describe('honest declarations raise no discrepancy under the seed tolerances', () => {
  it('deposits to the nearest thousand, interest left out, income to the nearest hundred: none (hand-computed)', () => {
    // Head: wage 3,049/month at HR, 36,480/year (3,040) at tax -> 3,049 highest; declared 3,000 (allowed max(100, 304.90)).
    // Interest 945/year left out of the declaration: not compared (the deposits are).
    const head = member('1', { ...living, 'hrss_employment.employed': true, 'hrss_employment.wage_monthly': 3049, 'tax.wage_income_12m': 36480, 'tax.interest_income_12m': 945, 'hpf.balance': 18412 }, { byKind: { wage: 3000 } });
    // Spouse: pension 2,349 declared 2,300 (allowed max(100, 117.45)).
    const spouse = member('2', { ...living, 'hrss_benefit.pension_monthly': 2349, 'nr_land.contracted_area': 4.4 }, { byKind: { pension: 2300 } });
    // Deposits: ICBC 12,480 + 50,750 (interest credited) + CCB 37.12 forgotten = 63,267.12; declared 63,000 (allowed max(1,000, 3,163.36)).
    head.records.bank_icbc = { found: true, asOf: AS_OF, values: { 'bank_icbc.demand_deposit': 12480, 'bank_icbc.time_deposit': 50750 } };
    spouse.records.bank_ccb = { found: true, asOf: AS_OF, values: { 'bank_ccb.demand_deposit': 37.12 } };
    // Housing fund 18,412 declared 18,000; land 4.4 mu declared 4 (allowed 0.5).
    const found = compare([head, spouse], { deposits: 63000, housingFund: 18000, land: 4, vehicles: 0, properties: 0, businesses: 0 });
    expect(found).toEqual([]);
  });

  it('a declared total only (clients from before kinds): compared as before, with the tolerance', () => {
    // 3,049 wage against 3,000 (interest is not compared): allowed max(100, 304.90).
    const head = member('1', { ...living, 'hrss_employment.wage_monthly': 3049, 'tax.interest_income_12m': 945 }, { total: 3000 });
    expect(compare([head], { deposits: 0 })).toEqual([]);
  });

  it('over a sweep of rounded declarations (deposits 0-200,000 with 1.5% interest left out, wages 0-8,000): no false alarm', () => {
    let alarms = 0;
    for (let i = 0; i < 400; i++) {
      const deposits = (i * 7919) % 200_000 + ((i * 37) % 100) / 100;
      const interest = deposits * 0.015;
      const wage = (i * 131) % 8000;
      const m = member('1', { ...living, 'hrss_employment.employed': wage > 0, 'hrss_employment.wage_monthly': wage, 'tax.interest_income_12m': interest });
      m.records.bank_icbc = { found: true, asOf: AS_OF, values: { 'bank_icbc.demand_deposit': deposits + interest } };
      m.declaredIncome = { wage: Math.round(wage / 100) * 100 || (wage > 0 ? 100 : 0), business: null, pension: null, property: null, transfer: null, other: null };
      m.declaredMonthlyIncome = m.declaredIncome.wage;
      const found = compare([m], { deposits: Math.round(deposits / 1000) * 1000 });
      alarms += found.length;
    }
    expect(alarms).toBe(0);
  });
});

describe('hidden items of every kind are found', () => {
  it('550,000 hidden in wealth products and the housing fund: two HIGH discrepancies', () => {
    const head = member('1', { ...living, 'bank_icbc.wealth_product': 300000, 'hpf.balance': 250000 });
    const found = compare([head], { deposits: 0, vehicles: 0, properties: 0, businesses: 0 });
    expect(kinds(found)).toEqual(['HOUSING_FUND_ABOVE_DECLARED', 'WEALTH_PRODUCTS_ABOVE_DECLARED']);
    expect(found.every((d) => d.severity === 'HIGH' && d.personId === null)).toBe(true);
    expect(found.find((d) => d.kind === 'HOUSING_FUND_ABOVE_DECLARED')).toMatchObject({ declared: null, verified: 250000, attributes: ['hpf.balance'], sources: [{ source: 'hpf', asOf: AS_OF }] });
  });

  it('each asset kind above what was declared', () => {
    const head = member('1', {
      ...living,
      'bank_icbc.demand_deposit': 150000,
      'bank_ccb.fund_holding': 40000,
      'sec_csdc.market_value': 25000,
      'ins_association.cash_value': 60000,
      'samr_business.registered_capital': 500000,
      'samr_business.business_count': 1,
      'nr_land.contracted_area': 12,
      'ps_vehicle.vehicle_count': 1,
      're_property.property_count': 2,
    });
    const found = compare([head], { deposits: 10000, funds: 0, securities: 0, insuranceCashValue: 0, businessCapital: 0, land: 5, vehicles: 0, properties: 1, businesses: 0 });
    expect(kinds(found)).toEqual([
      'BUSINESS_CAPITAL_ABOVE_DECLARED',
      'DEPOSITS_ABOVE_DECLARED',
      'FUNDS_ABOVE_DECLARED',
      'INSURANCE_ABOVE_DECLARED',
      'LAND_ABOVE_DECLARED',
      'SECURITIES_ABOVE_DECLARED',
      'UNDECLARED_BUSINESS',
      'UNDECLARED_PROPERTY',
      'UNDECLARED_VEHICLE',
    ]);
    const bySeverity = Object.fromEntries(found.map((d) => [d.kind, d.severity]));
    expect(bySeverity).toMatchObject({ DEPOSITS_ABOVE_DECLARED: 'MEDIUM', UNDECLARED_PROPERTY: 'MEDIUM', LAND_ABOVE_DECLARED: 'LOW', UNDECLARED_VEHICLE: 'HIGH', FUNDS_ABOVE_DECLARED: 'HIGH' });
  });

  it('the deposits sentence names the amounts, the bank and its date, and the tolerance', () => {
    const head = member('1', { ...living, 'bank_icbc.demand_deposit': 150000 });
    const [d] = compare([head], { deposits: 10000, vehicles: 0, properties: 0, businesses: 0 });
    expect(d).toMatchObject({ kind: 'DEPOSITS_ABOVE_DECLARED', severity: 'MEDIUM', declared: 10000, verified: 150000, unit: 'CNY', tolerance: { kind: 'DEPOSITS', absolute: 1000, relative: 0.05, allowed: 7500 } });
    expect(d!.zh).toBe('家庭申报存款 10000.00 元，核实 150000.00 元（中国工商银行账户信息 截至 2026-10-31），多出 140000.00 元，超出容差 7500.00 元');
    expect(d!.en).toContain('Industrial and Commercial Bank of China: accounts as of 2026-10-31');
  });

  it('deposits declared bank by bank: a bank holding more than declared, and a bank not listed', () => {
    const head = member('1', { ...living, 'bank_icbc.demand_deposit': 20000, 'bank_ccb.time_deposit': 30000 });
    const found = compare([head], { deposits: 50000, depositsByBank: [{ bank: 'bank_icbc', amount: 50000 }] });
    // The total matches; CCB was not listed: declared none there.
    expect(found.map((d) => [d.kind, d.declared, d.verified, d.severity])).toEqual([['DEPOSITS_AT_BANK_ABOVE_DECLARED', null, 30000, 'MEDIUM']]);
    expect(found[0]!.zh).toContain('在中国建设银行账户信息的存款');
  });

  it('each income kind above what the member declared, highest report per kind', () => {
    const head = member(
      '1',
      {
        ...living,
        'hrss_employment.wage_monthly': 4500,
        'tax.wage_income_12m': 48000,
        'tax.business_income_12m': 60000,
        'hrss_benefit.pension_monthly': 2800,
        'tax.property_income_12m': 24000,
        'union_aid.aid_received_12m': 6000,
        'tax.labour_service_income_12m': 18000,
      },
      { byKind: { wage: 3000, business: 1000, pension: 2000, property: 0, transfer: 0, other: 0 } },
    );
    const found = compare([head], null);
    expect(kinds(found)).toEqual(['BUSINESS_INCOME_ABOVE_DECLARED', 'OTHER_INCOME_ABOVE_DECLARED', 'PENSION_ABOVE_DECLARED', 'PROPERTY_INCOME_ABOVE_DECLARED', 'TRANSFER_INCOME_ABOVE_DECLARED', 'WAGE_ABOVE_DECLARED']);
    const wage = found.find((d) => d.kind === 'WAGE_ABOVE_DECLARED')!;
    expect(wage).toMatchObject({ personId: 'p-1', declared: 3000, verified: 4500, severity: 'MEDIUM', attributes: ['hrss_employment.wage_monthly'], unit: 'CNY/month' });
    expect(wage.zh).toBe('成员 成员1 申报工资性收入 3000.00 元/月，核实 4500.00 元/月（人社就业登记信息 截至 2026-10-31），多出 1500.00 元/月，超出容差 450.00 元/月');
    expect(found.find((d) => d.kind === 'OTHER_INCOME_ABOVE_DECLARED')!.severity).toBe('HIGH');
  });

  it('a total declared only: INCOME_ABOVE_DECLARED beyond the tolerance, and employment against a zero income', () => {
    const head = member('1', { ...living, 'hrss_employment.employed': true, 'hrss_employment.wage_monthly': 3500 }, { total: 3000 });
    expect(kinds(compare([head], null))).toEqual(['INCOME_ABOVE_DECLARED']);
    const idle = member('2', { ...living, 'hrss_employment.employed': true }, { total: 0 });
    expect(compare([idle], null)).toMatchObject([{ kind: 'UNREPORTED_EMPLOYMENT', severity: 'HIGH', personId: 'p-2', attributes: ['hrss_employment.employed'] }]);
  });

  it("a member's status: dead, in prison, on the public payroll, hukou moved out of the county", () => {
    const dead = member('1', { ...living, 'ps_hukou.vital_status': 'DECEASED', 'ca_funeral.death_date': '2026-03-02' });
    const prisoner = member('2', { ...living, 'court.imprisoned': true });
    const official = member('3', { ...living, 'fin_payroll.on_public_payroll': true, 'est_staffing.staffed_post': true });
    const away = member('4', { ...living, 'ps_hukou.hukou_region': '620102' });
    const found = compare([dead, prisoner, official, away], null);
    expect(found.map((d) => [d.kind, d.personId, d.severity])).toEqual([
      ['MEMBER_DECEASED', 'p-1', 'HIGH'],
      ['MEMBER_IMPRISONED', 'p-2', 'HIGH'],
      ['MEMBER_ON_PUBLIC_PAYROLL', 'p-3', 'HIGH'],
      ['MEMBER_HUKOU_MOVED_OUT', 'p-4', 'MEDIUM'],
    ]);
    expect(found[0]!.zh).toBe('成员 成员1 申报为共同生活家庭成员，但登记已死亡（死亡日期 2026-03-02；民政殡葬服务信息 截至 2026-10-31；公安户籍人口信息 截至 2026-10-31）');
    expect(found[2]!.sources).toEqual([{ source: 'est_staffing', asOf: AS_OF }, { source: 'fin_payroll', asOf: AS_OF }]);
    expect(found[3]!.zh).toContain('620102');
  });
});

describe('tolerances and severities are the policy', () => {
  it("a region's wider deposit tolerance and lower severity apply", () => {
    const head = member('1', { ...living, 'bank_icbc.demand_deposit': 15000, 'bank_icbc.wealth_product': 5000 });
    const wider: DiscrepancyTolerances = { ...TOLERANCE_DEFAULTS, DEPOSITS: { absolute: 10000, relative: 0, severity: 'LOW', severityWhenUndeclared: 'LOW' }, WEALTH_PRODUCTS: { ...TOLERANCE_DEFAULTS.WEALTH_PRODUCTS, severityWhenUndeclared: 'LOW' } };
    expect(compare([head], { deposits: 5000 }).map((d) => [d.kind, d.severity])).toEqual([['DEPOSITS_ABOVE_DECLARED', 'MEDIUM'], ['WEALTH_PRODUCTS_ABOVE_DECLARED', 'HIGH']]);
    expect(compare([head], { deposits: 5000 }, wider).map((d) => [d.kind, d.severity])).toEqual([['WEALTH_PRODUCTS_ABOVE_DECLARED', 'LOW']]);
  });

  it('comparisonAttributes lists what every kind and every status check reads', () => {
    const codes = comparisonAttributes(cat);
    for (const code of ['bank_icbc.demand_deposit', 'bank_icbc.wealth_product', 'bank_cmb.fund_holding', 'sec_csdc.market_value', 'hpf.balance', 'ins_association.cash_value', 'samr_business.registered_capital', 'nr_land.contracted_area', 'ps_vehicle.vehicle_count', 're_property.property_count', 'samr_business.business_count', 'hrss_employment.wage_monthly', 'tax.business_income_12m', 'hrss_benefit.pension_monthly', 'union_aid.aid_received_12m', 'tax.other_income_12m', 'ps_hukou.vital_status', 'ca_funeral.death_date', 'court.imprisoned', 'fin_payroll.on_public_payroll', 'est_staffing.staffed_post', 'ps_hukou.hukou_region', 'hrss_employment.employed']) {
      expect(codes, code).toContain(code);
    }
    expect(codes).not.toContain('rr_monitoring.per_capita_income_year');
    expect(codes).not.toContain('samr_business.annual_revenue');
    expect(codes).not.toContain('tax.interest_income_12m');
  });
});
