import type { Attribute, Source } from '../../src/catalog/index.js';
import type { AttributeValue } from '../contract/index.js';
import { findRegion } from '../../src/regions/index.js';
import { createRandom, type Random } from './random.js';
import { NOT_MEMBER_INCOME } from '../../src/assessment/index.js';
import { SANDBOX_INTEREST_RATE } from './holdings.js';
import type { PersonTraits, SandboxPerson } from './people.js';
import { courtListed, registerValue } from './registers.js';
import { lifeValue } from './life.js';


function sumValues(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

/** Does this source hold a record of the person at all? A bank knows only its customers. */
export function holdsRecord(source: Source, person: SandboxPerson, seed: number): boolean {
  const t = person.traits;
  switch (source.family) {
    case 'bank':
      return source.id in t.deposits || (t.mortgage > 0 && primaryBank(t) === source.id);
    case 'securities':
      return t.securities > 0;
    case 'insurance':
      return t.insuranceCashValue > 0;
    case 'market-regulation':
      return t.businessCount > 0;
    case 'education':
      return t.student;
    case 'disability':
      return t.disabilityGrade !== 'NONE';
    case 'courts':
      return t.imprisoned || courtListed(t) || createRandom(seed, `court:${person.idNumber}`).chance(0.03);
    default:
      return true;
  }
}

function primaryBank(t: PersonTraits): string | undefined {
  return Object.keys(t.deposits).sort()[0];
}

function perPeriod(monthly: number, unit: string | null): number {
  return unit?.endsWith('/year') ? monthly * 12 : monthly;
}

function genericValue(a: Attribute, r: Random, wealth: number): AttributeValue {
  switch (a.type) {
    case 'BOOLEAN':
      return r.chance(0.08);
    case 'INTEGER':
      return r.weighted([[0, 6], [1, 2], [2, 1], [r.int(3, 12), 1]]);
    case 'DECIMAL':
      return Math.round(r.next() * 200 * wealth) / 10;
    case 'MONEY':
      return r.chance(0.6) ? 0 : Math.round(r.int(100, 20_000) * wealth);
    case 'DATE':
      return `${r.int(1995, 2026)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    case 'ENUM':
      return r.weighted(a.values!.map((v, i) => [v, i === 0 ? 4 : 1] as const));
    case 'TEXT':
      return `${a.zh}${r.int(1000, 9999)}`;
  }
}

function bankValue(a: Attribute, t: PersonTraits, r: Random): AttributeValue {
  const held = t.deposits[a.source] ?? 0;
  const primary = primaryBank(t) === a.source;
  const item = a.code.slice(a.source.length + 1);
  switch (item) {
    case 'demand_deposit':
      return Math.round(held * 0.4);
    case 'time_deposit':
      return held - Math.round(held * 0.4);
    case 'wealth_product':
      return primary ? t.wealthProduct : 0;
    case 'fund_holding':
      return primary ? t.fund : 0;
    case 'loan_balance':
      return primary ? t.mortgage : 0;
    case 'large_txn_count_12m':
      return held >= 50_000 ? r.int(1, 8) : 0;
    case 'large_txn_amount_12m':
      return held >= 50_000 ? Math.round(held * (0.3 + r.next())) : 0;
    case 'account_count':
      return held > 0 ? r.int(1, 3) : 0;
    default:
      return genericValue(a, r, 1);
  }
}

/**
 * The value an agency holds for one attribute of one person. Values of the categories the means
 * test reads, and of every attribute a veto clause tests (registers.ts), come from the person's
 * traits (so sources agree with each other); the rest are drawn from a stream keyed by person and
 * attribute, so they are stable across calls and runs.
 */
export function attributeValue(a: Attribute, source: Source, person: SandboxPerson, seed: number): AttributeValue {
  const t = person.traits;
  const r = createRandom(seed, `${person.idNumber}:${a.code}`);
  if (source.family === 'bank') return bankValue(a, t, r);
  const registered = registerValue(a, person, r);
  if (registered !== undefined) return registered;
  const life = lifeValue(a, person, r);
  if (life !== undefined) return life;
  const item = a.code.slice(a.source.length + 1);
  switch (a.category) {
    case 'identity.name':
      return person.name;
    case 'identity.sex':
      return person.sex;
    case 'identity.birth_date':
      return person.birthDate;
    case 'identity.ethnicity':
      return r.weighted([['汉族', 92], ['回族', 3], ['满族', 1], ['藏族', 1], ['蒙古族', 1]]);
    case 'identity.hukou_type':
      return person.hukouType;
    case 'identity.hukou_region':
      return t.hukouRegion ?? person.regionCode;
    case 'identity.address':
      return `${findRegion(person.regionCode)?.zh ?? ''}${r.pick(['和平', '建设', '人民', '解放', '胜利', '文化'])}路${r.int(1, 300)}号`;
    case 'status.vital':
      return t.deceased ? 'DECEASED' : 'ALIVE';
    case 'status.death_date':
      return t.deathDate;
    case 'status.marital':
      return t.maritalStatus;
    case 'status.disability_grade':
      return t.disabilityGrade;
    case 'status.disability_kind':
      return t.disabilityKind;
    case 'status.serious_illness':
      return t.seriousIllness;
    case 'status.student':
      return t.student;
    case 'status.imprisoned':
      return t.imprisoned;
    case 'status.public_employee':
      return t.onPublicPayroll;
    case 'status.assistance':
      if (item.startsWith('dibao')) return t.dibao;
      if (item.startsWith('tekun')) return t.tekun;
      if (item.startsWith('low_income')) return t.lowIncomeRecipient;
      return a.type === 'BOOLEAN' ? t.dibao || t.tekun || t.lowIncomeRecipient : genericValue(a, r, 1);
    case 'income.wage':
      // Tax's yearly wage differs from HR's monthly one by a few percent (bonuses, another period): field noise.
      if (a.source === 'tax') return Math.round(perPeriod(t.wageMonthly, a.unit) * (t.taxWageFactor ?? 1));
      return perPeriod(t.wageMonthly, a.unit);
    case 'income.pension':
      return perPeriod(t.pensionMonthly, a.unit);
    case 'income.unemployment':
      return perPeriod(t.unemploymentMonthly, a.unit);
    case 'income.business':
      return a.unit?.endsWith('/month') ? Math.round(t.businessIncomeYear / 12) : t.businessIncomeYear;
    case 'income.property':
      return a.unit?.endsWith('/month') ? Math.round(t.rentIncomeYear / 12) : t.rentIncomeYear;
    case 'income.indicator':
      // Revenue runs at a few times the owner's income; a contribution base is the wage.
      return source.family === 'market-regulation' ? t.businessIncomeYear * 3 : perPeriod(t.wageMonthly, a.unit);
    case 'income.interest':
      return Math.round(sumValues(t.deposits) * SANDBOX_INTEREST_RATE);
    case 'income.transfer':
      if (a.source === 'ca_assistance') return perPeriod(t.assistanceMonthly, a.unit);
      return perPeriod(t.incomeItems[a.code] ?? 0, a.unit);
    case 'asset.vehicle_count':
      return t.vehicleCount;
    case 'asset.vehicle_value':
      return t.vehicleValue;
    case 'asset.property_count':
      return t.propertyCount;
    case 'asset.property_area':
      return t.propertyArea;
    case 'asset.property_value':
      return t.propertyValue;
    case 'asset.business':
      return a.type === 'BOOLEAN' ? t.businessCount > 0 : t.businessCount;
    case 'asset.business_capital':
      return t.businessCapital;
    case 'asset.land':
      return t.landMu;
    case 'asset.housing_fund':
      return t.housingFund;
    case 'asset.securities':
      return t.securities;
    case 'asset.insurance':
      return t.insuranceCashValue;
    case 'asset.deposit':
      return sumValues(t.deposits);
    case 'asset.wealth_product':
      return t.wealthProduct;
    case 'asset.fund':
      return t.fund;
    case 'liability.loan':
      return t.mortgage;
    case 'expense.medical':
      return a.unit?.endsWith('/month') ? Math.round(t.medicalOopYear / 12) : t.medicalOopYear;
    case 'expense.tuition':
      return a.unit?.endsWith('/month') ? Math.round(t.tuitionYear / 12) : t.tuitionYear;
    case 'expense.pension_contribution':
      return perPeriod(t.pensionContributionMonthly, a.unit);
    case 'activity.employment':
      if (a.type === 'BOOLEAN') return t.employed;
      if (a.type === 'TEXT') return t.employer;
      return genericValue(a, r, 1);
    case 'income.other':
      // Aid, allowances and occasional income as the person's items say (income-items.ts); the
      // relapse-monitoring survey's per-capita figure is not the person's and stays a stable draw.
      if (NOT_MEMBER_INCOME.includes(a.code)) return genericValue(a, r, 1);
      return a.type === 'MONEY' ? perPeriod(t.incomeItems[a.code] ?? 0, a.unit) : genericValue(a, r, 1);
    default:
      if (a.code === 'ps_vehicle.luxury_vehicle') return t.luxuryVehicle;
      return genericValue(a, r, person.traits.wageMonthly > 5000 ? 2 : 1);
  }
}
