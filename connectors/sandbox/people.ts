import type { HiddenItem } from './declaration.js';
import type { StatedRecord } from './fixtures.js';
import type { RegisterTraits } from './registers.js';

/** The sandbox's population as data: persons, their traits, households and declarations, and the constants the agencies' answers share. */
/** The hub's relations to the head; the generator uses the first six, fixtures any. */
export const RELATIONS = ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'OTHER'] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * Items an applicant may leave out of the declaration; the sandbox plants them for the hub to find.
 * Incomes: a wage (EMPLOYMENT), a business's income (BUSINESS_INCOME, the business declared), a
 * pension, rent (PROPERTY_INCOME), a transfer, other income. Assets: deposits at a bank, wealth
 * products, funds, securities, housing fund, insurance cash value, a vehicle, a property, a whole
 * business (count, capital and income), land. Partly: a wage declared in part (WAGE_PART), a deposit
 * declared in part (DEPOSIT_PART). Member status: a member declared as living with the
 * household who is dead, in prison, on the public payroll, or registered in another city.
 */
export const UNDECLARED_ITEMS = [
  'EMPLOYMENT', 'BUSINESS', 'BUSINESS_INCOME', 'PENSION', 'PROPERTY_INCOME', 'TRANSFER_INCOME', 'OTHER_INCOME',
  'WAGE_PART', 'DEPOSIT', 'DEPOSIT_PART', 'WEALTH_PRODUCT', 'FUND', 'SECURITIES', 'HOUSING_FUND', 'INSURANCE', 'VEHICLE', 'PROPERTY', 'LAND',
  'DECEASED', 'IMPRISONED', 'PUBLIC_PAYROLL', 'MOVED_OUT',
] as const;
export type UndeclaredItem = (typeof UNDECLARED_ITEMS)[number];

export interface PersonTraits {
  employed: boolean;
  employer: string | null;
  wageMonthly: number;
  pensionMonthly: number;
  unemploymentMonthly: number;
  pensionContributionMonthly: number;
  vehicleCount: number;
  vehicleValue: number;
  luxuryVehicle: boolean;
  propertyCount: number;
  propertyArea: number;
  propertyValue: number;
  mortgage: number;
  /** Deposits by bank source id (demand + time). */
  deposits: Record<string, number>;
  wealthProduct: number;
  fund: number;
  securities: number;
  insuranceCashValue: number;
  housingFund: number;
  businessCount: number;
  businessCapital: number;
  businessIncomeYear: number;
  rentIncomeYear: number;
  landMu: number;
  disabilityGrade: 'NONE' | 'GRADE_1' | 'GRADE_2' | 'GRADE_3' | 'GRADE_4';
  disabilityKind: string;
  seriousIllness: boolean;
  medicalOopYear: number;
  student: boolean;
  tuitionYear: number;
  imprisoned: boolean;
  deceased: boolean;
  deathDate: string | null;
  onPublicPayroll: boolean;
  maritalStatus: 'UNMARRIED' | 'MARRIED' | 'DIVORCED' | 'WIDOWED';
  /** The marriage registry's entry (ca_marriage) of anyone not UNMARRIED: a couple in the household shares its date. */
  marriage?: { date: string; divorced: string | null; remarried: boolean };
  /**
   * Field noise: tax's yearly wage over twelve times HR's monthly wage (bonuses, a different
   * period), about 0.96-1.04 (docs/SANDBOX.md, "Field noise"); absent: exactly twelve times.
   */
  taxWageFactor?: number;
  dibao: boolean;
  tekun: boolean;
  lowIncomeRecipient: boolean;
  assistanceMonthly: number;
  /** Aid, allowances and occasional other income, CNY a month by attribute code (income-items.ts). */
  incomeItems: Record<string, number>;
  /** Where the hukou is registered when not in the household's county (moved out); null: with the household. */
  hukouRegion: string | null;
  /**
   * Entries of the registers the veto clauses read (commercial vehicles and premises, court
   * listings, power use, ...), registers.ts. Absent for a fixture person, whose agencies answer
   * from its records.
   */
  registers?: RegisterTraits;
}

export interface SandboxPerson {
  idNumber: string;
  name: string;
  sex: 'MALE' | 'FEMALE';
  birthDate: string;
  relation: Relation;
  householdId: string;
  regionCode: string;
  hukouType: 'URBAN' | 'RURAL';
  traits: PersonTraits;
  /**
   * A fixture person's agency records as the fixtures file gives them, by source id: the agencies
   * answer from these (a source left out: not found) and `traits` are blank. Absent for generated persons.
   */
  records?: Record<string, StatedRecord>;
}

/** A member's declared income by kind, CNY a month (the hub's `MemberInput.declaredIncome`). */
export interface DeclaredIncome {
  wage: number;
  business: number;
  pension: number;
  property: number;
  transfer: number;
  other: number;
}

/** The household's declared assets by kind (the hub's `DeclaredAssetsInput`): CNY, land in mu, the rest counts. */
export interface DeclaredAssetsByKind {
  deposits: number;
  /** Deposits bank by bank (bank source id), when the household lists them so; null: the total only. */
  depositsByBank: { bank: string; amount: number }[] | null;
  wealthProducts: number;
  funds: number;
  securities: number;
  housingFund: number;
  insuranceCashValue: number;
  businessCapital: number;
  land: number;
  vehicles: number;
  properties: number;
  businesses: number;
}

/**
 * What the household would write on its application: the hub compares it with the agencies' data.
 * Two shapes: `members[].monthlyIncome` and `assets` as clients from before the by-kind
 * declaration send them, and `members[].declaredIncome` and `declaredAssets` by kind.
 */
export interface Declaration {
  members: { idNumber: string; name: string; relation: Relation; monthlyIncome: number; declaredIncome?: DeclaredIncome }[];
  assets: { deposits: number; vehicles: number; properties: number; businesses: number };
  declaredAssets?: DeclaredAssetsByKind;
}

export interface SandboxHousehold {
  id: string;
  regionCode: string;
  /** Applies for assistance (all low-income households and some near the threshold). */
  applicant: boolean;
  lowIncome: boolean;
  /** Given in the fixtures file (SANDBOX_FIXTURES) rather than generated. */
  fixture: boolean;
  /** What this household leaves out of its declaration (empty when honest). */
  undeclared: UndeclaredItem[];
  /** The items hidden: on which member, how much, and what the declaration leaves out (empty when honest). */
  hidden: HiddenItem[];
  /** Small items an honest slip left out of the declaration (field noise, not hiding): `declaration.ts` `forgetful`. */
  forgotten: HiddenItem[];
  members: SandboxPerson[];
  /** Relatives outside the household obliged to support it (fixtures only; generated households have none). */
  supporters: SandboxPerson[];
  declaration: Declaration;
}

export interface Population {
  seed: number;
  households: readonly SandboxHousehold[];
  person(idNumber: string): SandboxPerson | undefined;
  household(id: string): SandboxHousehold | undefined;
  personCount: number;
}

export const EMPLOYERS = ['市政工程有限公司', '食品加工厂', '物流有限公司', '建筑劳务公司', '商贸有限公司', '纺织有限公司', '物业管理公司', '餐饮管理公司'];

/**
 * The population's "today" is fixed (30 June 2026) so it does not change with the day it is built;
 * no birth or death falls after it, so every ID number stays valid on any later day.
 */
export const REFERENCE_YEAR = 2026;

export function round(value: number, step = 1): number {
  return Math.round(value / step) * step;
}

/** Tax's yearly wage is within this share of twelve times HR's monthly wage (field noise). */
export const TAX_WAGE_SPREAD = 0.04;

/** A vehicle worth this much or more is marked luxury by the vehicle register (ps_vehicle.luxury_vehicle). */
export const LUXURY_VEHICLE_VALUE = 200_000;
