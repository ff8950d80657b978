import type { Attribute } from '../../src/catalog/index.js';
import type { AttributeValue } from '../contract/index.js';
import type { Random } from './random.js';
import { REFERENCE_YEAR, type PersonTraits, type SandboxPerson } from './people.js';

/**
 * What the registers behind the means test's veto clauses hold of a generated person, beyond the
 * traits the income and asset tests read: commercial vehicles and premises, pre-sale contracts,
 * property sold, land compensation, court listings, a company represented, power use. Rare, as in
 * life, never a child's, and for a low-income household nearly always nothing: what such a
 * household has to hide the population plants deliberately (`UNDECLARED_ITEMS`).
 */
export interface RegisterTraits {
  /** Vehicles registered for commercial use (营运车辆): a haulier's lorry, a taxi. */
  commercialVehicles: number;
  motorcycles: number;
  /** Commercial premises (商业用房), beside the homes of `propertyCount` (the register counts both). */
  commercialProperties: number;
  /** Pre-sale contracts for a new home (商品房预售合同). */
  presaleContracts: number;
  /** Proceeds of real estate sold in the last 12 months, CNY. */
  propertySold12m: number;
  /** Land-requisition compensation received in the last 12 months, CNY. */
  landCompensation12m: number;
  /** Legal representative of a company: a business that is not an individual one (个体工商户). */
  legalRepresentative: boolean;
  dishonestDebtor: boolean;
  consumptionRestricted: boolean;
  enforcementCases: number;
  enforcementAmount: number;
  /** The household's electricity account, held by its head: average kWh a month (0: not the holder). */
  powerKwhMonthly: number;
}

export const NO_REGISTERS: Readonly<RegisterTraits> = Object.freeze({
  commercialVehicles: 0,
  motorcycles: 0,
  commercialProperties: 0,
  presaleContracts: 0,
  propertySold12m: 0,
  landCompensation12m: 0,
  legalRepresentative: false,
  dishonestDebtor: false,
  consumptionRestricted: false,
  enforcementCases: 0,
  enforcementAmount: 0,
  powerKwhMonthly: 0,
});

/** The household a person is drawn for, as far as the registers care. */
export interface RegisterHousehold {
  lowIncome: boolean;
  rural: boolean;
  /** 0.7 to 3 for other households, 1 for low-income ones. */
  wealth: number;
}

const round = (value: number, step: number): number => Math.round(value / step) * step;

/**
 * One person's register entries, from a stream of their own (`x`), so that adding an entry here
 * moves no other trait of the population. `company`: the person's business is a company (they are
 * its legal representative); `t`: the traits already drawn.
 */
export function registersFor(x: Random, age: number, h: RegisterHousehold, t: Omit<PersonTraits, 'registers'>, company: boolean): RegisterTraits {
  if (age < 18) return { ...NO_REGISTERS };
  const well = !h.lowIncome;
  const owner = t.businessCount > 0;
  const wealthy = h.wealth >= 1.6;
  const commercialVehicles = well && age >= 22 && age < 65 && x.chance(owner ? 0.03 : 0.001) ? x.weighted([[1, 8], [2, 2], [3, 1]]) : 0;
  const dishonestDebtor = age >= 20 && age < 75 && x.chance(h.lowIncome ? 0.0005 : owner ? 0.015 : 0.0008);
  const consumptionRestricted = dishonestDebtor ? x.chance(0.85) : age >= 20 && x.chance(h.lowIncome ? 0.0002 : 0.0003);
  const enforcementCases = dishonestDebtor || consumptionRestricted ? x.int(1, 4) : x.chance(0.004) ? 1 : 0;
  return {
    commercialVehicles,
    motorcycles: age < 70 && x.chance(h.rural ? 0.2 : 0.04) ? 1 : 0,
    commercialProperties: well && x.chance(owner ? 0.02 : h.wealth >= 3 ? 0.015 : 0.0004) ? 1 : 0,
    presaleContracts: well && age >= 23 && age < 55 && x.chance(wealthy ? 0.004 : 0.0015) ? 1 : 0,
    propertySold12m: well && age >= 30 && x.chance(0.0015) ? round(x.int(150_000, 900_000) * h.wealth, 1000) : 0,
    landCompensation12m: h.rural && age >= 30 && x.chance(h.lowIncome ? 0.0005 : 0.002) ? round(x.int(8_000, 120_000), 100) : 0,
    legalRepresentative: company,
    dishonestDebtor,
    consumptionRestricted,
    enforcementCases,
    enforcementAmount: enforcementCases > 0 ? round(x.int(5_000, 300_000), 100) : 0,
    powerKwhMonthly: 0,
  };
}

/**
 * A household's average power use a month, kWh: about 80 for one person to 300 for six, less in a
 * low-income household, more in a wealthy one; above 1,000 (the seeds' HIGH_POWER_USE) only for a
 * large wealthy household with electric heating or the like.
 */
export function householdPowerKwh(x: Random, size: number, h: RegisterHousehold): number {
  const standard = h.lowIncome ? 0.75 : Math.sqrt(h.wealth);
  const heavy = !h.lowIncome && h.wealth >= 1.6 && x.chance(0.04) ? 2.2 : 1;
  return Math.max(30, Math.round((40 + 42 * size) * standard * heavy * (0.7 + 0.6 * x.next())));
}

/** The person's age on the population's reference date. */
function ageOf(person: SandboxPerson): number {
  return REFERENCE_YEAR - Number(person.birthDate.slice(0, 4));
}

function dateBetween(r: Random, fromYear: number, toYear: number): string {
  const year = r.int(Math.min(fromYear, toYear), toYear);
  return `${year}-${String(r.int(1, year === REFERENCE_YEAR ? 6 : 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
}

/** Does a court hold something on the person beyond the occasional unrelated case? */
export function courtListed(t: PersonTraits): boolean {
  const g = t.registers ?? NO_REGISTERS;
  return g.dishonestDebtor || g.consumptionRestricted || g.enforcementCases > 0;
}

function vehicleAndProperty(code: string, person: SandboxPerson, g: RegisterTraits, r: Random): AttributeValue | undefined {
  const t = person.traits;
  // Nothing registered on a person before 18.
  const adultYear = REFERENCE_YEAR - ageOf(person) + 18;
  switch (code) {
    case 'ps_vehicle.commercial_vehicle_count':
      return g.commercialVehicles;
    case 'ps_vehicle.motorcycle_count':
      return g.motorcycles;
    case 'ps_vehicle.latest_registration_date':
      return t.vehicleCount + g.commercialVehicles + g.motorcycles > 0 ? dateBetween(r, Math.max(adultYear, REFERENCE_YEAR - 15), REFERENCE_YEAR) : null;
    case 're_property.property_count':
      // The register counts every property on the person's name: homes and commercial premises.
      return t.propertyCount + g.commercialProperties;
    case 're_property.residential_count':
      return t.propertyCount;
    case 're_property.commercial_count':
      return g.commercialProperties;
    case 're_property.mortgage_registered':
      return t.mortgage > 0;
    case 're_property.latest_transfer_date':
      if (g.propertySold12m > 0) return dateBetween(r, REFERENCE_YEAR - 1, REFERENCE_YEAR);
      return t.propertyCount + g.commercialProperties > 0 ? dateBetween(r, Math.max(adultYear, REFERENCE_YEAR - 30), REFERENCE_YEAR - 1) : null;
    case 're_property.sold_12m_amount':
      return g.propertySold12m;
    case 're_property.seized':
      return g.dishonestDebtor && t.propertyCount > 0;
    case 'hc_housing.presale_contracts':
      return g.presaleContracts;
    case 'hc_housing.rental_registrations':
      return t.rentIncomeYear > 0 ? 1 : 0;
    case 'nr_land.land_compensation_12m':
      return g.landCompensation12m;
    case 'nr_land.homestead_count':
      return person.hukouType === 'RURAL' && person.relation === 'HEAD' ? 1 : 0;
    default:
      return undefined;
  }
}

function businessCourtAndHoldings(code: string, t: PersonTraits, g: RegisterTraits, r: Random): AttributeValue | undefined {
  switch (code) {
    case 'samr_business.legal_representative':
      return g.legalRepresentative;
    case 'samr_business.individual_business':
      return t.businessCount > 0 && !g.legalRepresentative;
    case 'samr_business.shareholdings':
      return g.legalRepresentative ? 1 : 0;
    case 'samr_business.business_status':
      return 'ACTIVE';
    case 'court.dishonest_debtor':
      return g.dishonestDebtor;
    case 'court.consumption_restricted':
      return g.consumptionRestricted;
    case 'court.enforcement_cases':
      return g.enforcementCases;
    case 'court.enforcement_amount':
      return g.enforcementAmount;
    case 'court.release_date':
      return null;
    case 'ins_association.policy_count':
      return t.insuranceCashValue > 0 ? r.int(1, 2) : 0;
    case 'ins_association.premiums_12m':
      return t.insuranceCashValue > 0 ? round(t.insuranceCashValue * (0.05 + 0.1 * r.next()), 10) : 0;
    case 'sec_csdc.account_count':
      return t.securities > 0 ? r.int(1, 2) : 0;
    case 'sec_csdc.trades_12m':
      return t.securities > 0 ? r.int(0, 60) : 0;
    case 'sec_csdc.bond_holding':
      return 0;
    default:
      return undefined;
  }
}

function power(code: string, g: RegisterTraits, r: Random): AttributeValue | undefined {
  const kwh = g.powerKwhMonthly;
  switch (code) {
    case 'util_power.consumption_monthly':
      return kwh;
    case 'util_power.peak_consumption_monthly':
      return Math.round(kwh * (1.3 + 0.5 * r.next()));
    case 'util_power.bill_monthly':
      return Math.round(kwh * 0.56);
    case 'util_power.arrears':
      return kwh > 0 && r.chance(0.03) ? r.int(20, 300) : 0;
    case 'util_power.account_count':
      return kwh > 0 ? 1 : 0;
    default:
      return undefined;
  }
}

/** Employment and social insurance, consistent with age: nobody past working age contributes or works. */
function work(code: string, person: SandboxPerson, r: Random): AttributeValue | undefined {
  const t = person.traits;
  const age = ageOf(person);
  const contributing = t.pensionContributionMonthly > 0;
  const jobless = age >= 18 && age < 60 && !t.employed && !t.student;
  switch (code) {
    case 'hrss_insurance.pension_insured':
      return contributing || t.pensionMonthly > 0;
    case 'hrss_insurance.pension_scheme':
      return t.employed || (t.pensionMonthly >= 900 && person.hukouType === 'URBAN') ? 'EMPLOYEE' : contributing || t.pensionMonthly > 0 ? 'RESIDENT' : 'NONE';
    case 'hrss_insurance.contribution_years':
      if (t.pensionMonthly > 0) return r.int(15, Math.max(15, Math.min(42, age - 18)));
      return contributing ? r.int(1, Math.max(1, age - 18)) : 0;
    case 'hrss_insurance.unemployment_insured':
    case 'hrss_insurance.injury_insured':
      return t.employed;
    case 'hrss_insurance.arrears_months':
      return contributing && !t.employed && r.chance(0.15) ? r.int(1, 12) : 0;
    case 'hrss_employment.contract_type':
      return t.employed ? r.weighted([['FIXED', 5], ['OPEN', 3], ['PART_TIME', 2]]) : 'NONE';
    case 'hrss_employment.employment_start_date':
      return t.employed ? dateBetween(r, REFERENCE_YEAR - age + 18, REFERENCE_YEAR) : null;
    case 'hrss_employment.registered_unemployed':
      return t.unemploymentMonthly > 0 || (jobless && r.chance(0.2));
    case 'hrss_employment.job_seeking_registered':
      return jobless && r.chance(0.25);
    case 'hrss_employment.flexible_employment':
      return jobless && r.chance(0.08);
    case 'fin_payroll.payroll_monthly':
      return t.onPublicPayroll ? t.wageMonthly : 0;
    case 'fin_payroll.paying_unit':
    case 'est_staffing.unit_name':
      return t.onPublicPayroll ? t.employer : null;
    case 'est_staffing.post_kind':
      return t.onPublicPayroll ? r.weighted([['ADMINISTRATIVE', 1], ['PUBLIC_INSTITUTION', 2]]) : 'NONE';
    case 'est_staffing.entry_date':
      return t.onPublicPayroll ? dateBetween(r, REFERENCE_YEAR - age + 20, REFERENCE_YEAR) : null;
    case 'fin_payroll.retired_public_employee':
      return age >= 60 && t.pensionMonthly >= 3000 && r.chance(0.2);
    default:
      return undefined;
  }
}

/**
 * The value of an attribute the registers above decide, or undefined for one they leave to the
 * rest of `attributeValue`. `r` is the stream keyed by person and attribute.
 */
export function registerValue(a: Attribute, person: SandboxPerson, r: Random): AttributeValue | undefined {
  const g = person.traits.registers ?? NO_REGISTERS;
  // Each part answers undefined for a code it does not decide (null is a value: an empty field).
  const parts = [
    () => vehicleAndProperty(a.code, person, g, r),
    () => businessCourtAndHoldings(a.code, person.traits, g, r),
    () => power(a.code, g, r),
    () => work(a.code, person, r),
  ];
  for (const part of parts) {
    const value = part();
    if (value !== undefined) return value;
  }
  return undefined;
}
