import type { Attribute, Catalog } from '../catalog/index.js';
import type { HouseholdMeasure, PolicyParameters } from '../regional-policy/index.js';
import { assetTest, householdMeasures, vetoes } from './assets.js';
import { hardship } from './hardship.js';
import { COUNTED_KINDS, assistanceFlags, slug, imputedIncome, monthlyHighest, recordedIncome, rigidExpenditure, supportFigure, supporterContribution, type SupporterAssessment } from './income.js';
import { condition, counted, labourCoefficient, type Condition } from './labour.js';
import { INCOME_KINDS, type AssessedPerson, type Assessment, type AssessmentInput, type Figure, type IncomeKind, type MemberAssessment, type NeedTag, type Programme, type TargetGroup } from './model.js';
import { ASSISTANCE_PAYMENTS, CODES, figure, numeric, ofCategory, readings, round, round2 } from './read.js';

interface MemberWork {
  person: AssessedPerson;
  condition: Condition;
  coefficient: Figure;
  income: Partial<Record<IncomeKind, Figure>>;
  rigid: MemberAssessment['rigidExpenditure'];
  counted: boolean;
}

interface SupporterWork {
  person: AssessedPerson;
  condition: Condition;
  coefficient: Figure;
  contribution: SupporterAssessment;
}

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
  const type = readings(catalog, head, ofCategory('identity.hukou_type')).find((r) => r.value === 'URBAN' || r.value === 'RURAL');
  return type?.value === 'RURAL' ? 'RURAL' : 'URBAN';
}

function flagged(catalog: Catalog, people: readonly AssessedPerson[], code: string): boolean {
  return people.some((p) => readings(catalog, p, (a) => a.code === code).some((r) => r.value === true));
}

function positive(catalog: Catalog, people: readonly AssessedPerson[], code: string): boolean {
  return people.some((p) => numeric(readings(catalog, p, (a) => a.code === code)).some((r) => r.value > 0));
}

const money = (v: number): string => v.toFixed(2);

const LIMIT_LABELS: Record<keyof PolicyParameters['assetLimits'], string> = {
  depositsPerCapita: 'Deposits per person',
  vehicles: 'Vehicles',
  properties: 'Properties',
  businessCapital: 'Business capital',
};

/** One test of a programme: whether it holds and how to say so either way. */
type Test = [holds: boolean, yes: string, no: string];

function decide(programme: Programme, tests: readonly Test[]): Assessment['eligibility'][number] {
  const eligible = tests.every(([holds]) => holds);
  // An eligible household is told every reason; an ineligible one only what it failed.
  const reasons = eligible ? tests.map(([, yes]) => yes) : tests.filter(([holds]) => !holds).map(([, , no]) => no);
  return { programme, eligible, reasons };
}

/**
 * Assesses a household from its members' verified records under a resolved policy: income, assets,
 * vetoes, eligibility per programme, information circle, target groups and hardship index.
 * Pure: the same input always gives the same output.
 */
export function assess(input: AssessmentInput): Assessment {
  const { catalog, assessedOn } = input;
  const p = input.policy.parameters;
  const area = householdArea(catalog, input.members);
  const standards = area === 'URBAN' ? p.standards.urban : p.standards.rural;

  // Members: condition, labour capacity, recorded and imputed income, rigid expenditure.
  const members: MemberWork[] = input.members.map((person) => {
    const c = condition(catalog, person, assessedOn);
    const coefficient = labourCoefficient(p.labourCapacity, c, person.personId);
    const income: Partial<Record<IncomeKind, Figure>> = recordedIncome(catalog, person);
    const imputed = imputedIncome(catalog, person, area, coefficient, income, p.economy);
    if (imputed) income[imputed.kind] = imputed.figure;
    return { person, condition: c, coefficient, income, rigid: rigidExpenditure(catalog, person, p.rigidExpenditure.deductible), counted: counted(c) };
  });
  const present = members.filter((m) => m.counted);
  const n = present.length;

  const supporters: SupporterWork[] = input.supporters.map((person) => {
    const c = condition(catalog, person, assessedOn);
    return { person, condition: c, coefficient: labourCoefficient(p.labourCapacity, c, person.personId), contribution: supporterContribution(catalog, person, c, p.support) };
  });

  // Household income, counted members only.
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

  const byKind = roundedAll(byKindRaw);
  const gross = rounded(grossRaw);
  const rigidDeductions = rounded(deductionsRaw);
  const net = rounded(netRaw);
  const perCapita = rounded(perCapitaRaw);
  const perCapitaBeforeDeductions = rounded(perCapitaBeforeRaw);

  // Assets and vetoes, on the rounded measures as reported.
  const people = present.map((m) => m.person);
  const measuresRaw = householdMeasures(catalog, people);
  const measures = Object.fromEntries(Object.entries(measuresRaw).map(([k, f]) => [k, rounded(f)])) as Record<HouseholdMeasure, Figure>;
  const exceeded = assetTest(p.assetLimits, measures);
  const fired = vetoes(catalog, p.vetoes, people, measures);

  // Eligibility.
  const assetTests: Test[] =
    exceeded.length === 0
      ? [[true, 'Assets within the limits', '']]
      : exceeded.map((e) => [false, '', `${LIMIT_LABELS[e.limit]} ${e.figure.unit === 'count' ? e.figure.value : money(e.figure.value)} above the limit ${e.figure.unit === 'count' ? e.allowed : money(e.allowed)}`]);
  const vetoTests: Test[] = fired.length === 0 ? [[true, 'No veto clause applies', '']] : fired.map((v) => [false, '', `Veto ${v.code}: ${v.en}`]);
  const someone: Test = [n > 0, `${n} member(s) counted`, 'No living member outside prison to assess'];
  const pc = perCapita.value;
  const below = (value: number, standard: number, what: string, label: string): Test => [
    value < standard,
    `${label} ${money(value)} below the ${what} ${money(standard)}`,
    `${label} ${money(value)} not below the ${what} ${money(standard)}`,
  ];

  const minimumLiving = decide('MINIMUM_LIVING', [someone, below(pc, standards.minimumLiving, 'minimum living standard', 'Per-capita income'), ...assetTests, ...vetoTests]);
  const workers = present.filter((m) => m.coefficient.value > 0).length;
  const able = supporters.filter((s) => s.contribution.exemption === null).length;
  const extremePoverty = decide('EXTREME_POVERTY', [
    [minimumLiving.eligible, 'Meets the minimum living allowance conditions', 'Does not meet the minimum living allowance conditions'],
    [workers === 0, 'No member able to work', `${workers} member(s) able to work`],
    [able === 0, 'No supporter able to support', `${able} supporter(s) able to support`],
  ]);
  const marginal = decide('MARGINAL', [
    [!minimumLiving.eligible, 'Not eligible for the minimum living allowance', 'Eligible for the minimum living allowance instead'],
    someone,
    below(pc, standards.lowIncome, 'low-income standard', 'Per-capita income'),
    ...assetTests,
    ...vetoTests,
  ]);
  const pcb = perCapitaBeforeDeductions.value;
  const rigidHardship = decide('RIGID_EXPENDITURE_HARDSHIP', [
    someone,
    [pcb >= standards.lowIncome, `Per-capita income before rigid expenditure ${money(pcb)} not below the low-income standard ${money(standards.lowIncome)}`, `Per-capita income before rigid expenditure ${money(pcb)} already below the low-income standard ${money(standards.lowIncome)}`],
    below(pc, standards.lowIncome, 'low-income standard', 'Per-capita income after rigid expenditure'),
    ...assetTests,
    ...vetoTests,
  ]);
  const eligibility = [minimumLiving, extremePoverty, marginal, rigidHardship];

  // Information circle: current recipients by the civil-affairs register, whoever in the household it names.
  const everyone = input.members;
  const dibao = flagged(catalog, everyone, CODES.dibao);
  const tekun = flagged(catalog, everyone, CODES.tekun);
  const lowIncomeRecipient = flagged(catalog, everyone, CODES.lowIncome);
  const low = standards.lowIncome;
  let circle: Assessment['circle'] = null;
  if (minimumLiving.eligible || extremePoverty.eligible || dibao || tekun) circle = 1;
  else if (marginal.eligible || lowIncomeRecipient) circle = 2;
  else if (pc >= low && pc < low * p.circles.circle3Multiple) circle = 3;
  else if (pc >= low * p.circles.circle3Multiple && pc < low * p.circles.circle4Multiple) circle = 4;

  const needTags: NeedTag[] = [];
  if (circle !== null) {
    const medicalWithIllness = present.some((m) => (m.condition.seriouslyIll || m.condition.chronicallyIll) && (monthlyHighest(catalog, m.person, 'expense.medical')?.value ?? 0) > 0);
    if (present.some((m) => m.condition.seriouslyIll) || medicalWithIllness) needTags.push('ILLNESS');
    if (present.some((m) => m.condition.student || (monthlyHighest(catalog, m.person, 'expense.tuition')?.value ?? 0) > 0)) needTags.push('EDUCATION');
    if (present.some((m) => m.condition.severelyDisabled)) needTags.push('SEVERE_DISABILITY');
    if (positive(catalog, people, CODES.insuranceClaims) || positive(catalog, people, CODES.injuryAllowance)) needTags.push('ACCIDENT');
  }

  // Target groups.
  const adultsWhoCanWork = [...present, ...supporters].filter((x) => x.condition.age >= 18 && x.condition.age <= 59 && x.coefficient.value > 0).length;
  const unsupportedChild = present.some((m) => m.condition.age < 18) && adultsWhoCanWork === 0;
  const groups: [TargetGroup, boolean][] = [
    ['MINIMUM_LIVING_RECIPIENTS', minimumLiving.eligible || dibao],
    ['EXTREME_POVERTY', extremePoverty.eligible || tekun],
    ['PERSONS_WITH_DISABILITIES', present.some((m) => m.condition.disabilityGrade !== null && m.condition.disabilityGrade !== 'NONE')],
    ['ORPHANS_AND_UNSUPPORTED_CHILDREN', unsupportedChild || positive(catalog, people, CODES.orphanAllowance)],
    ['MARGINAL_HOUSEHOLDS', marginal.eligible || lowIncomeRecipient],
    ['RELAPSE_MONITORED', flagged(catalog, everyone, CODES.monitored)],
    ['RIGID_EXPENDITURE_HARDSHIP', rigidHardship.eligible],
  ];

  // Assistance already paid, for every member on the registers (a payment to a deceased member shows too).
  const currentAssistance: Assessment['currentAssistance'] = [];
  for (const m of input.members) {
    const flags = assistanceFlags(catalog, m);
    const paid = (a: Attribute) => a.type === 'MONEY' && (a.category === 'income.transfer' || ASSISTANCE_PAYMENTS.includes(a.code));
    for (const r of readings(catalog, m, (a) => paid(a) || flags.includes(a.code))) {
      if (r.value === true || (typeof r.value === 'number' && r.value > 0)) currentAssistance.push({ attribute: r.attribute.code, personId: m.personId, value: r.value });
    }
  }

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
    income: { byKind, gross, rigidDeductions, net, perCapita, perCapitaBeforeDeductions },
    assets: {
      depositsPerCapita: measures.depositsPerCapita,
      vehicles: measures.vehicleCount,
      properties: measures.propertyCount,
      businessCapital: measures.businessCapital,
      passes: exceeded.length === 0,
      exceeded,
    },
    vetoes: fired,
    eligibility,
    circle,
    needTags,
    targetGroups: groups.filter(([, holds]) => holds).map(([g]) => g),
    hardship: hardship({
      weights: p.hardshipWeights,
      lowIncome: standards.lowIncome,
      depositLimit: p.assetLimits.depositsPerCapita,
      members: present,
      perCapita,
      gross,
      rigidDeductions,
      properties: measures.propertyCount,
      depositsPerCapita: measures.depositsPerCapita,
    }),
    currentAssistance,
  };
}
