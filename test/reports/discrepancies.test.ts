import { describe, expect, it } from 'vitest';
import type { AttributeValue, PersonRecord } from '../../src/catalog/index.js';
import { catalog } from '../../src/catalog/index.js';
import { READ_AS, SAME_PAYMENT } from '../../src/assessment/index.js';
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
    const found = compare([head], { deposits: 0, wealthProducts: 0, housingFund: 0, vehicles: 0, properties: 0, businesses: 0 });
    expect(kinds(found)).toEqual(['HOUSING_FUND_ABOVE_DECLARED', 'WEALTH_PRODUCTS_ABOVE_DECLARED']);
    expect(found.every((d) => d.severity === 'HIGH' && d.personId === null)).toBe(true);
    expect(found.find((d) => d.kind === 'HOUSING_FUND_ABOVE_DECLARED')).toMatchObject({ declared: 0, verified: 250000, attributes: ['hpf.balance'], sources: [{ source: 'hpf', asOf: AS_OF }], holders: ['p-1'] });
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
    expect(d!.zh).toBe('家庭申报存款 10000.00 元，核实 150000.00 元（中国工商银行账户信息 截至 2026-10-31），多出 140000.00 元，超出容差 7500.00 元（持有人：成员1）');
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
    expect(compare([head], { deposits: 5000, wealthProducts: 0 }).map((d) => [d.kind, d.severity])).toEqual([['DEPOSITS_ABOVE_DECLARED', 'MEDIUM'], ['WEALTH_PRODUCTS_ABOVE_DECLARED', 'HIGH']]);
    expect(compare([head], { deposits: 5000, wealthProducts: 0 }, wider).map((d) => [d.kind, d.severity])).toEqual([['WEALTH_PRODUCTS_ABOVE_DECLARED', 'LOW']]);
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

describe('different payments of one kind add up; one payment reported by several agencies counts once', () => {
  it('other income: a declared annuity of 300/month and hidden labour services of 400/month (hand-computed)', () => {
    // Annuity 3,600/year = 300; labour services 4,800/year = 400: two payments, 700 (the higher alone, 400, was within 300 + 200).
    // Allowed max(200, 20% x 700 = 140) = 200; 700 - 300 = 400 > 200: raised, MEDIUM (something was declared).
    const head = member('1', { ...living, 'ins_association.annuity_income_12m': 3600, 'tax.labour_service_income_12m': 4800 }, { byKind: { other: 300 } });
    const found = compare([head], null);
    expect(found).toMatchObject([{ kind: 'OTHER_INCOME_ABOVE_DECLARED', severity: 'MEDIUM', personId: 'p-1', declared: 300, verified: 700, attributes: ['ins_association.annuity_income_12m', 'tax.labour_service_income_12m'], tolerance: { allowed: 200 }, holders: ['p-1'] }]);
    expect(found[0]!.zh).toBe('成员 成员1 申报其他收入 300.00 元/月，核实 700.00 元/月（保险行业保单信息 截至 2026-10-31；税务个人所得信息 截至 2026-10-31），多出 400.00 元/月，超出容差 200.00 元/月');
  });

  it('transfers: the assistance benefit and union aid are two payments; a wage at HR, tax and payroll is one', () => {
    // Transfers 600 + 6,000 / 12 = 1,100 against 600 declared: allowed max(200, 220) = 220, 500 over: raised.
    // Wage: HR 3,000, tax 36,000 / 12 = 3,000, payroll 3,000 -> 3,000 (not 9,000), as declared: nothing.
    const values = { ...living, 'ca_assistance.benefit_monthly': 600, 'union_aid.aid_received_12m': 6000, 'hrss_employment.wage_monthly': 3000, 'tax.wage_income_12m': 36000, 'fin_payroll.payroll_monthly': 3000 };
    const found = compare([member('1', values, { byKind: { wage: 3000, transfer: 600 } })], null);
    expect(found.map((d) => [d.kind, d.declared, d.verified, d.tolerance?.allowed])).toEqual([['TRANSFER_INCOME_ABOVE_DECLARED', 600, 1100, 220]]);
  });

  it('the payment table names income attributes of the catalogue, each of one category', () => {
    for (const [payment, codes] of Object.entries(SAME_PAYMENT)) {
      const categories = codes.map((c) => cat.attribute(c)?.category);
      expect(categories.every((c) => c?.startsWith('income.')), payment).toBe(true);
      expect(new Set(categories).size, payment).toBe(1);
    }
    for (const code of Object.keys(READ_AS)) expect(cat.attribute(code)?.type, code).toBe('MONEY');
  });

  it('a resident pension is a pension (compared with the declared pension, not other income)', () => {
    // Pension 2,000 + resident pension 150 = 2,150 against 2,000: allowed max(100, 107.50), 150 over: raised.
    const both = member('1', { ...living, 'hrss_benefit.pension_monthly': 2000, 'hrss_benefit.resident_pension_monthly': 150 }, { byKind: { pension: 2000 } });
    expect(compare([both], null)).toMatchObject([{ kind: 'PENSION_ABOVE_DECLARED', declared: 2000, verified: 2150, tolerance: { allowed: 107.5 } }]);
    // A resident pension of 150 declared as the pension, no other income: nothing.
    const resident = member('2', { ...living, 'hrss_benefit.resident_pension_monthly': 150 }, { byKind: { pension: 150, other: 0 } });
    expect(compare([resident], null)).toEqual([]);
  });
});

describe('an asset kind the client did not send is not compared', () => {
  // The household holds 300,000 in wealth products and 18,412 in the housing fund; its deposits, 63,000, are declared.
  const holdings = { ...living, 'bank_icbc.demand_deposit': 63000, 'bank_icbc.wealth_product': 300000, 'hpf.balance': 18412 };

  it('an old client sending only deposits, vehicles, properties and businesses: nothing raised for the kinds it never sent', () => {
    expect(compare([member('1', holdings)], { deposits: 63000, vehicles: 0, properties: 0, businesses: 0 })).toEqual([]);
    // No declared assets at all: no holding compared (a member's status and income still are).
    expect(compare([member('1', holdings)], null)).toEqual([]);
  });

  it('the same kinds sent as 0: compared as declared none (HIGH)', () => {
    const found = compare([member('1', holdings)], { deposits: 63000, wealthProducts: 0, housingFund: 0, vehicles: 0, properties: 0, businesses: 0 });
    expect(found.map((d) => [d.kind, d.declared, d.verified, d.severity])).toEqual([
      ['WEALTH_PRODUCTS_ABOVE_DECLARED', 0, 300000, 'HIGH'],
      ['HOUSING_FUND_ABOVE_DECLARED', 0, 18412, 'HIGH'],
    ]);
  });
});

describe('hukou outside the county', () => {
  const at = (hukou: string) => compare([member('2', { ...living, 'ps_hukou.hukou_region': hukou })], null).map((d) => [d.kind, d.severity]);

  it("another county of the household's city (Jinan): raised, LOW; another city: the policy's MEDIUM", () => {
    expect(at('370103')).toEqual([['MEMBER_HUKOU_MOVED_OUT', 'LOW']]);
    expect(at('370103001')).toEqual([['MEMBER_HUKOU_MOVED_OUT', 'LOW']]);
    expect(at('620102')).toEqual([['MEMBER_HUKOU_MOVED_OUT', 'MEDIUM']]);
    // The policy's severity moves both: HIGH -> MEDIUM within the city.
    const strict: DiscrepancyTolerances = { ...TOLERANCE_DEFAULTS, MOVED_OUT: { severity: 'HIGH' } };
    const within = compare([member('2', { ...living, 'ps_hukou.hukou_region': '370103' })], null, strict);
    expect(within.map((d) => d.severity)).toEqual(['MEDIUM']);
  });

  it('a township of the county, or a register naming only the city or the province: no move shown', () => {
    expect(at('370102001')).toEqual([]);
    expect(at('370102001002')).toEqual([]);
    expect(at('370100')).toEqual([]);
    expect(at('370000')).toEqual([]);
  });
});

describe('who holds a household item', () => {
  it('the members whose records hold it, in the sentence by name (a member holding 0 is not a holder)', () => {
    const head = member('1', { ...living, 'bank_icbc.demand_deposit': 100000 });
    const spouse = member('2', { ...living, 'bank_ccb.time_deposit': 50000 });
    const child = member('3', { ...living, 'bank_boc.demand_deposit': 0 });
    // 150,000 against 10,000: allowed max(1,000, 7,500) = 7,500.
    const [d, ...rest] = compare([head, spouse, child], { deposits: 10000 });
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ kind: 'DEPOSITS_ABOVE_DECLARED', personId: null, verified: 150000, holders: ['p-1', 'p-2'] });
    expect(d!.zh).toMatch(/多出 140000\.00 元，超出容差 7500\.00 元（持有人：成员1、成员2）$/);
    expect(d!.en).toMatch(/\(held by 成员1, 成员2\)$/);
  });

  it("a member's finding names the member as its holder", () => {
    const d = compare([member('4', { ...living, 'court.imprisoned': true })], null);
    expect(d).toMatchObject([{ kind: 'MEMBER_IMPRISONED', holders: ['p-4'] }]);
  });
});
