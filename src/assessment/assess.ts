import type { Catalog } from '../catalog/index.js';
import type { HouseholdMeasure } from '../regional-policy/index.js';
import { assetTest, householdMeasures, vetoes } from './assets.js';
import { currentAssistanceOf, informationCircle, needTagsOf, onRegisters, targetGroupsOf } from './groups.js';
import { contractedLand, coResidentMembers, householdHoldings } from './household.js';
import { imputedIncome } from './imputed.js';
import { COUNTED_KINDS, slug, recordedIncome, rigidExpenditure } from './income.js';
import { condition, labourCoefficient } from './labour.js';
import { INCOME_KINDS, type AssessedPerson, type Assessment, type AssessmentInput, type Figure, type IncomeKind } from './model.js';
import { eligibilityOf } from './programmes.js';
import { figure, indexed, readingsIn, round, round2 } from './read.js';
import { screening } from './screening.js';
import { supportFigure, supporterContribution, supporterResult } from './support.js';
import type { MemberWork, SupporterWork } from './work.js';

/** Money figures are rounded to the fen once, when reported; everything before works unrounded. */
function rounded(f: Figure): Figure {
  if (f.unit === 'CNY' || f.unit === 'CNY/month') return { ...f, value: round2(f.value) };
  if (f.unit === 'ratio') return { ...f, value: round(f.value, 4) };
  return { ...f };
}

function roundedAll<K extends string>(figures: Partial<Record<K, Figure>>): Partial<Record<K, Figure>> {
  const out: Partial<Record<K, Figure>> = {};
  for (const [k, f] of Object.entries(figures) as [K, Figure | undefined][]) if (f) out[k] = rounded(f);
  return out;
}

/** Sum of figures, their attributes and persons merged. */
function sum(figures: readonly (Figure | undefined)[], rule: string): Figure {
  const present = figures.filter((f): f is Figure => f !== undefined);
  return figure(
    present.reduce((s, f) => s + f.value, 0),
    'CNY/month',
    rule,
    present.flatMap((f) => f.attributes),
    present.filter((f) => f.value > 0).flatMap((f) => f.persons),
  );
}

/** Urban or rural: the head's hukou type, urban when the register does not say. */
function householdArea(catalog: Catalog, members: readonly AssessedPerson[]): 'URBAN' | 'RURAL' {
  const head = members.find((m) => m.relation === 'HEAD');
  if (!head) return 'URBAN';
  const type = readingsIn(catalog, head, 'identity.hukou_type').find((r) => r.value === 'URBAN' || r.value === 'RURAL');
  return type?.value === 'RURAL' ? 'RURAL' : 'URBAN';
}

/** Members: condition, labour capacity, recorded and imputed income, rigid expenditure. */
function assessMembers(input: AssessmentInput): MemberWork[] {
  const { catalog, assessedOn } = input;
  const p = input.policy.parameters;
  const land = contractedLand(catalog, input.members);
  return input.members.map((person) => {
    const c = condition(catalog, person, assessedOn);
    const coefficient = labourCoefficient(p.labourCapacity, c, person.personId);
    const income: Partial<Record<IncomeKind, Figure>> = recordedIncome(catalog, person);
    const imputed = imputedIncome(catalog, person, c, coefficient, land, p.economy);
    if (imputed) income[imputed.kind] = imputed.figure;
    return { person, condition: c, coefficient, income, rigid: rigidExpenditure(catalog, person, p.rigidExpenditure.deductible) };
  });
}

function assessSupporters(input: AssessmentInput, members: readonly MemberWork[]): SupporterWork[] {
  const { catalog, assessedOn } = input;
  const p = input.policy.parameters;
  return input.supporters.map((person) => {
    const c = condition(catalog, person, assessedOn);
    return { person, condition: c, coefficient: labourCoefficient(p.labourCapacity, c, person.personId), contribution: supporterContribution(catalog, person, c, members, p.support) };
  });
}

/** Household income, counted members only; summed unrounded, then rounded as reported. */
function householdIncome(present: readonly MemberWork[], supporters: readonly SupporterWork[]): Assessment['income'] {
  const n = present.length;
  const byKindRaw: Partial<Record<IncomeKind, Figure>> = {};
  for (const kind of INCOME_KINDS) {
    if (kind === 'SUPPORT') continue;
    const figures = present.map((m) => m.income[kind]).filter((f): f is Figure => f !== undefined);
    if (figures.length > 0) byKindRaw[kind] = sum(figures, `household.income.${slug(kind)}`);
  }
  if (supporters.length > 0) byKindRaw.SUPPORT = supportFigure(supporters.map((s) => s.contribution));
  const grossRaw = sum(COUNTED_KINDS.map((k) => byKindRaw[k]), 'household.gross.counted-members');
  const deductionsRaw = sum(present.flatMap((m) => Object.values(m.rigid)), 'household.rigid-deductions.counted-members');
  const netRaw = figure(Math.max(0, grossRaw.value - deductionsRaw.value), 'CNY/month', 'household.net', [...grossRaw.attributes, ...deductionsRaw.attributes], [...grossRaw.persons, ...deductionsRaw.persons]);
  const counting = present.map((m) => m.person.personId);
  const perCapitaRaw = figure(n > 0 ? netRaw.value / n : 0, 'CNY/month', 'household.per-capita.counted-members', netRaw.attributes, counting);
  const perCapitaBeforeRaw = figure(n > 0 ? grossRaw.value / n : 0, 'CNY/month', 'household.per-capita-before-deductions.counted-members', grossRaw.attributes, counting);
  return {
    byKind: roundedAll(byKindRaw),
    gross: rounded(grossRaw),
    rigidDeductions: rounded(deductionsRaw),
    net: rounded(netRaw),
    perCapita: rounded(perCapitaRaw),
    perCapitaBeforeDeductions: rounded(perCapitaBeforeRaw),
  };
}

/**
 * Assesses a household from its members' verified records under a resolved policy: income, assets,
 * vetoes, eligibility per programme, information circle, target groups and hardship index.
 * Pure: the same input always gives the same output.
 */
export function assess(given: AssessmentInput): Assessment {
  const { catalog } = given;
  // Every member and supporter indexed once: each is read dozens of times below.
  const input = { ...given, members: given.members.map((m) => indexed(catalog, m)), supporters: given.supporters.map((s) => indexed(catalog, s)) };
  const p = input.policy.parameters;
  const area = householdArea(catalog, input.members);
  const standards = area === 'URBAN' ? p.standards.urban : p.standards.rural;
  const members = assessMembers(input);
  const present = coResidentMembers(members);
  const supporters = assessSupporters(input, members);
  const income = householdIncome(present, supporters);
  const { perCapita } = income;

  // Assets and vetoes, on the rounded measures as reported, over everything the household holds.
  const holdings = householdHoldings(catalog, members);
  const measuresRaw = householdMeasures(catalog, holdings, present.length);
  const measures = Object.fromEntries(Object.entries(measuresRaw).map(([k, f]) => [k, rounded(f)])) as Record<HouseholdMeasure, Figure>;
  const exceeded = assetTest(p.assetLimits, measures);
  // Versions from before marginal limits existed tested marginal households against assetLimits.
  const marginalExceeded = assetTest(p.marginalAssetLimits ?? p.assetLimits, measures);
  const fired = vetoes(catalog, p.vetoes, holdings, measures);

  const e = eligibilityOf({ present, supporters, area, standards, income, exceeded, marginalExceeded, fired, programmes: p.programmes, benefit: p.benefit, purpose: input.purpose });
  const registers = onRegisters(catalog, input.members);
  const circle = informationCircle(e, registers, perCapita.value, standards.lowIncome, p.circles);

  const needTags = needTagsOf(catalog, present, circle);
  const targetGroups = targetGroupsOf({ catalog, everyone: input.members, members, present, eligibility: e, registers });
  const screened = screening({ catalog, parameters: p, assessedOn: input.assessedOn, present, standards, income, measures, vetoes: fired, eligibility: Object.values(e), needTags, targetGroups });

  return {
    policy: { regionCode: input.policy.regionCode, date: input.policy.date, versions: input.policy.versions },
    area,
    standards: { minimumLiving: standards.minimumLiving, lowIncome: standards.lowIncome },
    members: members.map((m) => ({
      personId: m.person.personId,
      age: m.condition.age,
      healthCategory: m.condition.healthCategory,
      labourCoefficient: rounded(m.coefficient),
      income: roundedAll(m.income),
      rigidExpenditure: roundedAll(m.rigid),
    })),
    supporters: supporters.map((s) => supporterResult(s.contribution, rounded)),
    income,
    assets: {
      depositsPerCapita: measures.depositsPerCapita,
      vehicles: measures.vehicleCount,
      properties: measures.propertyCount,
      businessCapital: measures.businessCapital,
      passes: exceeded.length === 0,
      exceeded,
    },
    vetoes: fired,
    eligibility: [e.minimumLiving, e.extremePoverty, e.marginal, e.rigidHardship, e.temporaryAssistance],
    circle,
    needTags,
    targetGroups,
    ...screened,
    currentAssistance: currentAssistanceOf(catalog, input.members),
  };
}
