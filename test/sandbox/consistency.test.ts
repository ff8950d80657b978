import { describe, expect, it } from 'vitest';
import { attributeValue, buildPopulation, holdsRecord, type SandboxHousehold, type SandboxPerson } from '../../connectors/sandbox/index.js';
import { valueProblem } from '../../connectors/sandbox/fixtures-format.js';
import { EDUCATION_LEVELS, highestEducationAt, marriageAge, schoolLevelAt } from '../../connectors/sandbox/life.js';
import { catalog, type AttributeValue } from '../../src/catalog/index.js';

/**
 * Every attribute of every source, for every person of a few thousand generated ones, against the
 * rules of age, marital status, employment, relation and death that real registers obey. A rule
 * broken anywhere fails with the rule, the person and the attribute named, so an attribute that
 * falls through to a random value (or a new trait that contradicts another) shows up here.
 */
const cat = catalog();
const banks = cat.sources.filter((s) => s.family === 'bank').map((s) => s.id);
const SEED = 20260701;
const REFERENCE_DATE = '2026-06-30';
/** Dates that lie ahead by nature: when a benefit being paid ends. */
const FUTURE_DATES = new Set(['hrss_benefit.unemployment_benefit_end_date']);
/** Registers of adult life: a minor's entry there is empty (null, 0, false, NONE, UNMARRIED). */
const ADULT_SOURCES = new Set(['ca_marriage', 'hrss_employment', 'hrss_insurance', 'hpf', 'fin_payroll', 'est_staffing', 'samr_business', 'court', 'union_aid', 'sec_csdc', 'ps_vehicle', 're_property', 'nr_land', 'tax', 'ins_association', 'util_power', 'util_gas', 'util_water', 'util_heating']);
const UTILITIES = ['util_power', 'util_gas', 'util_water', 'util_heating'];

type Answers = Map<string, AttributeValue>;
const empty = (v: AttributeValue | undefined) => v === undefined || v === null || v === 0 || v === false || v === 'NONE' || v === 'UNMARRIED';
const ageOf = (p: SandboxPerson) => 2026 - Number(p.birthDate.slice(0, 4));
const daysBetween = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;

function answersOf(p: SandboxPerson): Answers {
  const out: Answers = new Map();
  for (const source of cat.sources) {
    if (!holdsRecord(source, p, SEED)) continue;
    for (const a of cat.attributesOf(source.id)) out.set(a.code, attributeValue(a, source, p, SEED));
  }
  return out;
}

/** Each rule: the broken ones' descriptions for one person. */
function personProblems(p: SandboxPerson, v: Answers): string[] {
  const out: string[] = [];
  const age = ageOf(p);
  const fail = (rule: string, code: string) => out.push(`${rule}: ${p.idNumber} (${p.relation}, ${age}) ${code}=${JSON.stringify(v.get(code))}`);
  const codesOf = (test: (code: string, category: string) => boolean) => [...v.keys()].filter((c) => test(c, cat.attribute(c)!.category));
  for (const [code, value] of v) {
    const a = cat.attribute(code)!;
    if (valueProblem(a, value)) fail('type', code);
    if (a.type === 'DATE' && typeof value === 'string' && (value < p.birthDate || (value > REFERENCE_DATE && !FUTURE_DATES.has(code)))) fail('date outside birth..reference date', code);
  }
  const wages = codesOf((_, cg) => cg === 'income.wage');
  // Age.
  if (age < 18) {
    for (const c of codesOf((c, cg) => ADULT_SOURCES.has(c.split('.')[0]!) && !cg.startsWith('identity.') && cg !== 'status.vital' && cg !== 'status.death_date')) if (!empty(v.get(c))) fail('minor in an adult register', c);
    if (v.get('ps_hukou.military_service') === true) fail('minor with military service', 'ps_hukou.military_service');
  }
  const education = EDUCATION_LEVELS.indexOf(v.get('ps_hukou.education_level') as never);
  if (education > EDUCATION_LEVELS.indexOf(highestEducationAt(age))) fail('education beyond age', 'ps_hukou.education_level');
  if (v.has('edu_student.level') && v.get('edu_student.level') !== schoolLevelAt(age)) fail('school level not the age', 'edu_student.level');
  if (age >= 60) for (const c of [...wages, 'hrss_employment.employed', 'hpf.contribution_monthly', 'hrss_insurance.pension_contribution_monthly']) if (!empty(v.get(c))) fail('working from 60', c);
  // Marital status.
  const status = v.get('ca_marriage.marital_status');
  const married = v.get('ca_marriage.marriage_date') as string | null;
  const divorced = v.get('ca_marriage.divorce_date') as string | null;
  if (status === 'UNMARRIED' && (married !== null || divorced !== null || v.get('ca_marriage.remarried') === true)) fail('UNMARRIED with a marriage', 'ca_marriage.marriage_date');
  if (status !== 'UNMARRIED' && married === null) fail(`${String(status)} without a marriage date`, 'ca_marriage.marriage_date');
  if (status !== 'UNMARRIED' && married !== null && Number(married.slice(0, 4)) - Number(p.birthDate.slice(0, 4)) < marriageAge(p.sex)) fail('married under the legal age', 'ca_marriage.marriage_date');
  if ((status === 'DIVORCED') !== (divorced !== null)) fail(`${String(status)} and a divorce date`, 'ca_marriage.divorce_date');
  if (divorced !== null && married !== null && divorced <= married) fail('divorced before married', 'ca_marriage.divorce_date');
  if (v.get('ca_marriage.remarried') === true && status !== 'MARRIED') fail('remarried, not married', 'ca_marriage.remarried');
  if (!empty(v.get('hrss_benefit.survivor_pension_monthly')) && status !== 'WIDOWED') fail('survivor pension, not widowed', 'hrss_benefit.survivor_pension_monthly');
  // Employment.
  const employed = v.get('hrss_employment.employed') === true;
  if (!employed) {
    for (const c of [...wages, ...codesOf((_, cg) => cg === 'activity.employment'), 'hpf.contribution_monthly', 'hrss_employment.employment_start_date', 'hrss_insurance.unemployment_insured', 'hrss_insurance.injury_insured', 'union_aid.member', 'hrss_employment.contract_type']) {
      if (!empty(v.get(c))) fail('not employed', c);
    }
  } else {
    if (!((v.get('hrss_employment.wage_monthly') as number) > 0) || v.get('hrss_employment.employer_name') === null) fail('employed without wage or employer', 'hrss_employment.wage_monthly');
    const tax = v.get('tax.wage_income_12m') as number;
    const hr = (v.get('hrss_employment.wage_monthly') as number) * 12;
    if (Math.abs(tax - hr) > hr * 0.05) fail('tax and HR wages more than 5% apart', 'tax.wage_income_12m');
    if (v.get('hrss_employment.registered_unemployed') === true) fail('employed and registered unemployed', 'hrss_employment.registered_unemployed');
  }
  if (!empty(v.get('hpf.contribution_monthly')) && !(employed && age >= 18 && age <= 59)) fail('housing fund paid outside employment at 18-59', 'hpf.contribution_monthly');
  // Relation.
  if ((v.get('ps_hukou.household_head') === true) !== (p.relation === 'HEAD')) fail('household head', 'ps_hukou.household_head');
  if (!empty(v.get('nr_land.homestead_count')) && p.relation !== 'HEAD') fail('homestead not on the head', 'nr_land.homestead_count');
  // Death.
  const dead = v.get('ps_hukou.vital_status') === 'DECEASED';
  if (dead !== (v.get('ca_funeral.death_date') !== null)) fail('vital status and death date', 'ca_funeral.death_date');
  if (v.get('ca_funeral.cremation_registered') === true && !dead) fail('cremated alive', 'ca_funeral.cremation_registered');
  if (dead && employed) fail('employed after death', 'hrss_employment.employed');
  return out;
}

/** Rules between members: a couple's shared marriage, children spaced, parents old enough, one utility account holder. */
function householdProblems(h: SandboxHousehold, answers: Map<string, Answers>): string[] {
  const out: string[] = [];
  const of = (relation: string) => h.members.filter((m) => m.relation === relation);
  const head = of('HEAD')[0]!;
  const spouse = of('SPOUSE')[0];
  if (spouse) {
    const [a, b] = [answers.get(head.idNumber)!, answers.get(spouse.idNumber)!];
    if (a.get('ca_marriage.marital_status') !== 'MARRIED' || b.get('ca_marriage.marital_status') !== 'MARRIED' || a.get('ca_marriage.marriage_date') !== b.get('ca_marriage.marriage_date')) {
      out.push(`couple not married to each other: ${h.id} ${String(a.get('ca_marriage.marital_status'))}/${String(b.get('ca_marriage.marital_status'))}`);
    }
  }
  for (const relation of ['CHILD', 'GRANDCHILD']) {
    const kids = of(relation);
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        const d = daysBetween(kids[i]!.birthDate, kids[j]!.birthDate);
        if (d > 0 && d < 270) out.push(`${relation} born ${Math.round(d)} days apart, not twins: ${h.id}`);
      }
    }
  }
  for (const child of of('CHILD')) {
    for (const parent of [head, spouse]) if (parent && ageOf(parent) - ageOf(child) < 18) out.push(`parent under 18 at birth: ${h.id} ${parent.relation} ${ageOf(parent)}, child ${ageOf(child)}`);
  }
  // The household's utility accounts are on one member, the power account's holder.
  const holders = h.members.filter((m) => !empty(answers.get(m.idNumber)!.get('util_power.account_count')));
  if (holders.length > 1) out.push(`power accounts on ${holders.length} members: ${h.id}`);
  for (const source of UTILITIES) {
    for (const m of h.members.filter((x) => !holders.includes(x))) {
      const a = answers.get(m.idNumber)!;
      for (const [code, value] of a) if (code.startsWith(`${source}.`) && !empty(value)) out.push(`${code} for a member without the account: ${h.id} ${m.idNumber}=${JSON.stringify(value)}`);
    }
  }
  return out;
}

describe('sandbox consistency: every attribute of every source against age, marital status, employment and relation', () => {
  const population = buildPopulation({ seed: SEED, households: 1000, banks });

  it('breaks no rule for any person of 1,000 households (about 3,000 persons)', () => {
    const problems: string[] = [];
    let persons = 0;
    for (const h of population.households) {
      const answers = new Map(h.members.map((m) => [m.idNumber, answersOf(m)]));
      persons += h.members.length;
      for (const m of h.members) problems.push(...personProblems(m, answers.get(m.idNumber)!));
      problems.push(...householdProblems(h, answers));
    }
    expect(persons).toBeGreaterThan(2_500);
    const byRule = new Map<string, number>();
    for (const p of problems) byRule.set(p.split(':')[0]!, (byRule.get(p.split(':')[0]!) ?? 0) + 1);
    expect([...byRule], problems.slice(0, 20).join('\n')).toEqual([]);
  });

  it('has children and married couples to check: the rules above are not vacuous', () => {
    const members = population.households.flatMap((h) => h.members);
    expect(members.filter((m) => m.relation === 'CHILD').length).toBeGreaterThan(500);
    expect(members.filter((m) => m.traits.maritalStatus === 'DIVORCED').length).toBeGreaterThan(20);
    expect(members.filter((m) => m.traits.employed && ageOf(m) < 60).length).toBeGreaterThan(500);
    expect(members.filter((m) => m.traits.housingFund > 0 && m.traits.employed).length).toBeGreaterThan(100);
  });
});
