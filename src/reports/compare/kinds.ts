import { ASSISTANCE_PAYMENTS, NOT_MEMBER_INCOME } from '../../assessment/index.js';
import type { Category } from '../../catalog/index.js';
import type { AmountToleranceKind } from '../../regional-policy/index.js';
import type { DeclaredAssets, DeclaredIncome, DiscrepancyKind } from '../report.js';

/**
 * What the comparison reads of one catalogue category: `max` takes the highest report (the same
 * register entry reported by several agencies), `sum` adds separate holdings (each bank holds its
 * own accounts), `payments` (incomes) takes per payment the highest report and adds different
 * payments (`SAME_PAYMENT`: a wage reported to HR and tax is one payment; an annuity and
 * labour-service pay are two). `only` / `skip` narrow a broad category by attribute code.
 */
export interface Part {
  category: Category;
  combine: 'max' | 'sum' | 'payments';
  only?: readonly string[];
  skip?: readonly string[];
}

export type Unit = 'CNY' | 'CNY/month' | 'count' | 'mu';

export interface KindBase {
  tolerance: AmountToleranceKind;
  discrepancy: DiscrepancyKind;
  unit: Unit;
  /** Added over: a member's kind sums its parts; a household's kind sums its members. */
  parts: readonly Part[];
  /** What is declared, as people read it, and the measure word in Chinese. */
  zh: string;
  en: string;
  unitZh: string;
}

/** A member's income of one kind, CNY per month, compared with `MemberInput.declaredIncome[declared]`. */
export interface IncomeKind extends KindBase {
  scope: 'member';
  declared: keyof DeclaredIncome;
}

/** A household holding, compared with `DeclaredAssetsInput[declared]`. */
export interface AssetKind extends KindBase {
  scope: 'household';
  declared: Exclude<keyof DeclaredAssets, 'depositsByBank'>;
}

const max = (category: Category): Part => ({ category, combine: 'max' });
/** Income: payments added, each its highest report; read as `readCategory` (a resident pension is a pension). */
const pay = (category: Category, narrow: Pick<Part, 'only' | 'skip'> = {}): Part => ({ category, combine: 'payments', ...narrow });
const sum = (category: Category): Part => ({ category, combine: 'sum' });

const income = (tolerance: AmountToleranceKind, discrepancy: DiscrepancyKind, declared: keyof DeclaredIncome, parts: Part[], zh: string, en: string): IncomeKind => ({
  scope: 'member',
  tolerance,
  discrepancy,
  declared,
  unit: 'CNY/month',
  parts,
  zh,
  en,
  unitZh: '元/月',
});

/** Income by kind: compared when a member declared income by kind. */
export const INCOME_KINDS: readonly IncomeKind[] = [
  income('WAGE', 'WAGE_ABOVE_DECLARED', 'wage', [pay('income.wage')], '工资性收入', 'wage income'),
  income('BUSINESS_INCOME', 'BUSINESS_INCOME_ABOVE_DECLARED', 'business', [pay('income.business')], '经营性收入', 'business income'),
  // Pensions: the employee pension and the resident pension the catalogue files under income.other (READ_AS).
  income('PENSION', 'PENSION_ABOVE_DECLARED', 'pension', [pay('income.pension')], '养老金', 'pension'),
  // Bank interest is not compared: honest declarations leave it out, and the deposits that earn it are compared.
  income('PROPERTY_INCOME', 'PROPERTY_INCOME_ABOVE_DECLARED', 'property', [pay('income.property')], '财产性收入', 'property income'),
  income('TRANSFER_INCOME', 'TRANSFER_INCOME_ABOVE_DECLARED', 'transfer', [pay('income.transfer'), pay('income.unemployment'), pay('income.other', { only: ASSISTANCE_PAYMENTS }) /* assistance paid for need is a transfer, not other income */], '转移性收入', 'transfer income'),
  income('OTHER_INCOME', 'OTHER_INCOME_ABOVE_DECLARED', 'other', [pay('income.other', { skip: [...ASSISTANCE_PAYMENTS, ...NOT_MEMBER_INCOME] })], '其他收入', 'other income'),
];

/**
 * A member's declared total, compared when only the total was declared (clients from before
 * income by kind): the kinds it always meant (no transfers, no other income), as before, less
 * bank interest (left out by honest declarations; the deposits are compared).
 */
export const TOTAL_INCOME: KindBase = {
  tolerance: 'TOTAL_INCOME',
  discrepancy: 'INCOME_ABOVE_DECLARED',
  unit: 'CNY/month',
  parts: ['income.wage', 'income.pension', 'income.unemployment', 'income.business', 'income.property'].map((c) => pay(c as Category)),
  zh: '月收入',
  en: 'monthly income',
  unitZh: '元/月',
};

const asset = (tolerance: AmountToleranceKind, discrepancy: DiscrepancyKind, declared: AssetKind['declared'], unit: Unit, parts: Part[], zh: string, en: string, unitZh: string): AssetKind => ({
  scope: 'household',
  tolerance,
  discrepancy,
  declared,
  unit,
  parts,
  zh,
  en,
  unitZh,
});

/** Household holdings: each member's holding (registers: highest report; banks: summed), members added. */
export const ASSET_KINDS: readonly AssetKind[] = [
  asset('DEPOSITS', 'DEPOSITS_ABOVE_DECLARED', 'deposits', 'CNY', [sum('asset.deposit')], '存款', 'deposits', '元'),
  asset('WEALTH_PRODUCTS', 'WEALTH_PRODUCTS_ABOVE_DECLARED', 'wealthProducts', 'CNY', [sum('asset.wealth_product')], '理财产品', 'wealth-management products', '元'),
  asset('FUNDS', 'FUNDS_ABOVE_DECLARED', 'funds', 'CNY', [sum('asset.fund')], '基金', 'funds', '元'),
  asset('SECURITIES', 'SECURITIES_ABOVE_DECLARED', 'securities', 'CNY', [max('asset.securities')], '证券', 'securities', '元'),
  asset('HOUSING_FUND', 'HOUSING_FUND_ABOVE_DECLARED', 'housingFund', 'CNY', [max('asset.housing_fund')], '住房公积金余额', 'housing-provident-fund balance', '元'),
  asset('INSURANCE_CASH_VALUE', 'INSURANCE_ABOVE_DECLARED', 'insuranceCashValue', 'CNY', [max('asset.insurance')], '商业保险现金价值', 'insurance cash value', '元'),
  asset('BUSINESS_CAPITAL', 'BUSINESS_CAPITAL_ABOVE_DECLARED', 'businessCapital', 'CNY', [max('asset.business_capital')], '企业注册资本', 'registered business capital', '元'),
  asset('LAND', 'LAND_ABOVE_DECLARED', 'land', 'mu', [max('asset.land')], '承包土地', 'contracted land', '亩'),
  asset('VEHICLES', 'UNDECLARED_VEHICLE', 'vehicles', 'count', [max('asset.vehicle_count')], '车辆', 'vehicles', '辆'),
  asset('PROPERTIES', 'UNDECLARED_PROPERTY', 'properties', 'count', [max('asset.property_count')], '房产', 'properties', '套'),
  asset('BUSINESSES', 'UNDECLARED_BUSINESS', 'businesses', 'count', [max('asset.business')], '企业（个体工商户）', 'businesses', '户'),
];

/** Deposits at one bank, compared when the household declared deposits bank by bank. */
export const DEPOSITS_PER_BANK: AssetKind = asset('DEPOSITS_PER_BANK', 'DEPOSITS_AT_BANK_ABOVE_DECLARED', 'deposits', 'CNY', [sum('asset.deposit')], '存款', 'deposits', '元');
