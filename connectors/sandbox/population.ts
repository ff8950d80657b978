import { composeIdNumber } from '../../src/identity/index.js';
import { regions, type Region } from '../../src/regions/index.js';
import { createRandom, type Random } from './random.js';
import { canHold, declare, forgetful, HIDING_WEIGHTS, plantUndeclared, STATUS_ITEMS, type HiddenItem } from './declaration.js';
import { incomeItemsFor } from './income-items.js';
import { householdPowerKwh, registersFor } from './registers.js';
import { marriageAge } from './life.js';
import { EMPLOYERS, LUXURY_VEHICLE_VALUE, REFERENCE_YEAR, round, TAX_WAGE_SPREAD, UNDECLARED_ITEMS, type Population, type PersonTraits, type Relation, type SandboxHousehold, type SandboxPerson, type UndeclaredItem } from './people.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯鑫波宁婷雪琳晨阳欣怡子涵梓轩浩然思雨佳琪一诺俊杰志强春梅海燕秀珍凤兰淑珍';

const REFERENCE_LAST_MONTH = 6;

/** A month of `year` that is not after the reference date. */
function monthIn(r: Random, year: number): number {
  return r.int(1, year === REFERENCE_YEAR ? REFERENCE_LAST_MONTH : 12);
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function birthDateFor(r: Random, age: number): string {
  const year = REFERENCE_YEAR - age;
  return isoDate(year, monthIn(r, year), r.int(1, 28));
}

function deathDateFor(r: Random): string {
  const year = REFERENCE_YEAR - r.int(0, 2);
  return isoDate(year, monthIn(r, year), r.int(1, 28));
}

function nameFor(r: Random, surname: string): string {
  const given = r.chance(0.6) ? r.pick([...GIVEN]) + r.pick([...GIVEN]) : r.pick([...GIVEN]);
  return surname + given;
}

function householdSize(r: Random): number {
  return r.weighted([[1, 12], [2, 24], [3, 27], [4, 20], [5, 11], [6, 6]]);
}

interface MemberPlan {
  relation: Relation;
  age: number;
  sex: 'MALE' | 'FEMALE';
  /** Married to another member (the head and the spouse, two parents). */
  partnered?: boolean;
  /** Set for children and grandchildren, spaced apart (spaceSiblings); others are drawn from `age`. */
  birthDate?: string;
}

/** A date in the month `months` before the reference month (June 2026). */
function monthsBefore(months: number, day: number): string {
  const index = REFERENCE_YEAR * 12 + (REFERENCE_LAST_MONTH - 1) - months;
  return isoDate(Math.floor(index / 12), (index % 12) + 1, day);
}

/**
 * Birth dates of siblings (the head's children, or the grandchildren): drawn near their planned
 * ages, then, oldest first, at least 10 months apart within `window` months before the reference
 * date (the children of a couple born when the younger was 20 or more). Twins share a date: 1.5%
 * of births, and a child who no longer fits the window.
 */
function spaceSiblings(r: Random, kids: MemberPlan[], window: number): void {
  const drawn = kids.map((p) => ({ p, at: Math.min(window, p.age * 12 + r.int(0, 11)) })).sort((a, b) => b.at - a.at);
  let prev: { at: number; day: number; twin: boolean } | null = null;
  drawn.forEach((k, i) => {
    const upper = prev ? prev.at - 10 : window;
    const room = (drawn.length - 1 - i) * 10;
    const twin = prev !== null && !prev.twin && (upper < 0 || r.chance(0.015));
    const at = twin || upper < 0 ? prev!.at : Math.max(Math.min(k.at, upper), Math.min(room, upper));
    const day = twin || upper < 0 ? prev!.day : r.int(1, 28);
    k.p.birthDate = monthsBefore(at, day);
    k.p.age = REFERENCE_YEAR - Number(k.p.birthDate.slice(0, 4));
    prev = { at, day, twin };
  });
}

function planMembers(r: Random, size: number): MemberPlan[] {
  const headAge = r.weighted([[r.int(22, 39), 30], [r.int(40, 59), 40], [r.int(60, 88), 30]]);
  const headSex = r.chance(0.7) ? 'MALE' : 'FEMALE';
  const other = (s: 'MALE' | 'FEMALE') => (s === 'MALE' ? 'FEMALE' : 'MALE');
  const plan: MemberPlan[] = [{ relation: 'HEAD', age: headAge, sex: headSex }];
  if (size >= 2 && r.chance(0.85)) {
    plan.push({ relation: 'SPOUSE', age: Math.max(marriageAge(other(headSex)), headAge + r.int(-5, 4)), sex: other(headSex), partnered: true });
    plan[0]!.partnered = true;
  }
  while (plan.length < size) {
    const sex = r.chance(0.5) ? 'MALE' : 'FEMALE';
    if (headAge >= 62 && r.chance(0.3)) {
      plan.push({ relation: 'GRANDCHILD', age: r.int(1, 16), sex });
    } else if (headAge <= 55 && plan.filter((m) => m.relation === 'PARENT').length < 2 && r.chance(0.3)) {
      plan.push({ relation: 'PARENT', age: Math.min(96, headAge + r.int(22, 32)), sex });
    } else if (r.chance(0.08)) {
      plan.push({ relation: 'SIBLING', age: Math.max(18, headAge + r.int(-8, 8)), sex });
    } else {
      plan.push({ relation: 'CHILD', age: Math.max(0, headAge - r.int(22, 36)), sex });
    }
  }
  const parents = plan.filter((m) => m.relation === 'PARENT');
  if (parents.length === 2 && parents[0]!.sex !== parents[1]!.sex) for (const m of parents) m.partnered = true;
  const youngerParent = Math.min(...plan.filter((m) => m.relation === 'HEAD' || m.relation === 'SPOUSE').map((m) => m.age));
  spaceSiblings(r, plan.filter((m) => m.relation === 'CHILD'), Math.max(0, (youngerParent - 20) * 12));
  spaceSiblings(r, plan.filter((m) => m.relation === 'GRANDCHILD'), 16 * 12 + 11);
  return plan;
}

interface HouseholdPlan {
  lowIncome: boolean;
  rural: boolean;
  wealth: number;
}

/**
 * Married to a member: MARRIED; under the legal age: UNMARRIED; a head living without a spouse is
 * mostly single, divorced or widowed; a parent of the head mostly married or widowed.
 */
function maritalStatus(r: Random, m: MemberPlan, marriageable: boolean): PersonTraits['maritalStatus'] {
  if (!marriageable) return 'UNMARRIED';
  if (m.partnered) return 'MARRIED';
  // A divorce is registered a year or more after the marriage.
  const divorce = m.age > marriageAge(m.sex) ? 1 : 0;
  if (m.relation === 'HEAD') return r.weighted([['UNMARRIED', m.age < 35 ? 6 : 1], ['MARRIED', 1], ['DIVORCED', 2 * divorce], ['WIDOWED', m.age >= 60 ? 6 : 0.3]] as const);
  if (m.relation === 'PARENT') return r.weighted([['MARRIED', 4], ['WIDOWED', m.age > 65 ? 5 : 1], ['DIVORCED', 0.6 * divorce]] as const);
  return r.weighted([['UNMARRIED', 6], ['MARRIED', 3], ['DIVORCED', divorce]] as const);
}

/** A date in `year`, not after the reference date. */
function dateIn(r: Random, year: number): string {
  return isoDate(year, monthIn(r, year), r.int(1, 28));
}

/**
 * The marriage registry's entries (ca_marriage): a marriage from the legal age (a couple in the
 * household shares one, registered once both were of age), a divorce after it, remarriage rare.
 */
function registerMarriages(r: Random, members: SandboxPerson[], plans: MemberPlan[]): void {
  const born = (p: SandboxPerson) => Number(p.birthDate.slice(0, 4));
  const earliest = (ps: SandboxPerson[]) => Math.max(...ps.map((p) => born(p) + marriageAge(p.sex)));
  const year = (ps: SandboxPerson[], latest: number) => Math.min(latest, Math.max(earliest(ps), Math.min(...ps.map(born)) + r.int(22, 32)));
  for (const couple of [['HEAD', 'SPOUSE'], ['PARENT']]) {
    const pair = members.filter((m, i) => couple.includes(m.relation) && plans[i]!.partnered);
    if (pair.length !== 2) continue;
    const date = dateIn(r, year(pair, REFERENCE_YEAR));
    for (const m of pair) m.traits.marriage = { date, divorced: null, remarried: false };
  }
  for (const m of members) {
    const status = m.traits.maritalStatus;
    if (status === 'UNMARRIED' || m.traits.marriage) continue;
    const married = year([m], status === 'DIVORCED' ? REFERENCE_YEAR - 1 : REFERENCE_YEAR);
    const date = dateIn(r, married);
    m.traits.marriage = { date, divorced: status === 'DIVORCED' ? dateIn(r, r.int(married + 1, REFERENCE_YEAR)) : null, remarried: status === 'MARRIED' && r.chance(0.05) };
  }
}

/**
 * One member's traits. `r` is the household's stream; `x` the member's own, for the register
 * entries of registers.ts. Holdings a veto clause tests (a second home, a company, securities or
 * insurance above 50,000, a luxury car, the public payroll) are rare and go with wealth; a
 * low-income household has next to none of its own (what it hides is planted, plantUndeclared).
 */
function traitsFor(r: Random, x: Random, m: MemberPlan, h: HouseholdPlan, banks: readonly string[]): PersonTraits {
  const adult = m.age >= 18;
  const student = m.age >= 6 && m.age <= 22 && r.chance(0.92);
  const working = adult && m.age < 60 && !student;
  const employed = working && r.chance(h.lowIncome ? 0.25 : 0.8);
  const wage = employed ? round(h.lowIncome ? r.int(800, 2200) : r.int(2600, 9000) * h.wealth, 10) : 0;
  const pension = m.age >= 60 ? round(h.rural ? r.int(150, 400) : h.lowIncome ? r.int(900, 1800) : r.int(2000, 5200) * h.wealth, 10) : 0;
  const unemployment = working && !employed && r.chance(0.1) ? r.int(1300, 1800) : 0;
  const disabled = r.chance(h.lowIncome ? 0.12 : 0.04);
  const grade = disabled ? r.weighted([['GRADE_1', 1], ['GRADE_2', 2], ['GRADE_3', 3], ['GRADE_4', 3]] as const) : 'NONE';
  const seriousIllness = r.chance(m.age >= 50 ? (h.lowIncome ? 0.15 : 0.05) : 0.015);
  const depositTotal = adult ? round((h.lowIncome ? r.int(0, 6000) : r.int(2000, 120_000)) * h.wealth, 100) : 0;
  const deposits: Record<string, number> = {};
  if (depositTotal > 0 && banks.length > 0) {
    const count = r.weighted([[1, 5], [2, 3], [3, 1]]);
    const weightedBanks = banks.map((b, i) => [b, i < 6 ? 5 : 1] as const);
    for (let i = 0; i < count; i++) {
      const bank = r.weighted(weightedBanks);
      deposits[bank] = (deposits[bank] ?? 0) + round(depositTotal / count, 100);
    }
  }
  const hasVehicle = adult && m.age < 75 && r.chance(h.lowIncome ? 0.03 : 0.35);
  const vehicleValue = hasVehicle ? round(r.int(30_000, 150_000) * Math.sqrt(h.wealth), 1000) : 0;
  // The home is on the head's name (a couple's home is not counted twice); a second one is a wealthy household's.
  const propertyCount = adult && m.relation === 'HEAD' ? r.weighted([[0, h.lowIncome ? 5 : 2], [1, 6], [2, h.lowIncome ? 0.01 : h.wealth >= 1.6 ? 0.25 : 0.02]]) : 0;
  const business = adult && m.age < 70 && r.chance(h.lowIncome ? 0.01 : 0.04);
  // Most businesses are individual ones (个体工商户) with little registered capital; a company has a legal representative.
  const company = business && !h.lowIncome && x.chance(0.12);
  const marriageable = m.age >= marriageAge(m.sex);
  const deceased = m.age >= 70 && r.chance(0.01);
  const traits: PersonTraits = {
    employed,
    employer: employed ? r.pick(EMPLOYERS) : null,
    wageMonthly: wage,
    pensionMonthly: pension,
    unemploymentMonthly: unemployment,
    pensionContributionMonthly: employed ? round(wage * 0.08, 1) : working && r.chance(0.4) ? r.int(100, 300) : 0,
    vehicleCount: hasVehicle ? 1 : 0,
    vehicleValue,
    luxuryVehicle: vehicleValue >= LUXURY_VEHICLE_VALUE,
    propertyCount,
    propertyArea: propertyCount * r.int(45, 140),
    propertyValue: propertyCount * round(r.int(150_000, 1_200_000) * h.wealth, 1000),
    mortgage: propertyCount > 0 && !h.lowIncome && r.chance(0.35) ? round(r.int(50_000, 600_000), 1000) : 0,
    deposits,
    wealthProduct: adult && !h.lowIncome && r.chance(0.2) ? round(r.int(10_000, 300_000) * h.wealth, 1000) : 0,
    fund: adult && !h.lowIncome && r.chance(0.1) ? round(r.int(5_000, 80_000), 100) : 0,
    securities: adult && !h.lowIncome && r.chance(0.03) ? round(r.int(5_000, 40_000) * h.wealth, 100) : 0,
    insuranceCashValue: adult && r.chance(h.lowIncome ? 0.03 : 0.1) ? round(h.lowIncome ? r.int(1_000, 12_000) : r.int(2_000, 30_000) * h.wealth, 100) : 0,
    housingFund: employed && !h.lowIncome && r.chance(0.6) ? round(r.int(3_000, 90_000), 100) : 0,
    businessCount: business ? 1 : 0,
    businessCapital: business ? round(company ? x.int(50_000, 1_000_000) : r.int(0, 50_000), 1000) : 0,
    businessIncomeYear: business ? round(r.int(12_000, 240_000), 100) : 0,
    rentIncomeYear: propertyCount >= 2 ? round(r.int(12_000, 48_000), 100) : 0,
    landMu: h.rural && (m.relation === 'HEAD') ? r.int(1, 12) : 0,
    disabilityGrade: grade,
    disabilityKind: disabled ? r.pick(['VISUAL', 'HEARING', 'SPEECH', 'PHYSICAL', 'INTELLECTUAL', 'MENTAL', 'MULTIPLE']) : 'NONE',
    seriousIllness,
    medicalOopYear: seriousIllness ? r.int(8_000, 90_000) : r.chance(0.5) ? r.int(0, 3000) : 0,
    student,
    tuitionYear: student ? (m.age >= 18 ? r.int(4_000, 12_000) : m.age >= 15 ? r.int(800, 3_000) : 0) : 0,
    imprisoned: adult && r.chance(0.004),
    deceased,
    deathDate: deceased ? deathDateFor(r) : null,
    onPublicPayroll: employed && !h.lowIncome && r.chance(0.006),
    maritalStatus: maritalStatus(r, m, marriageable),
    dibao: false,
    tekun: false,
    lowIncomeRecipient: false,
    assistanceMonthly: 0,
    incomeItems: {},
    hukouRegion: null,
  };
  const registers = registersFor(x, m.age, h, traits, company);
  // A bank reports wealth products and funds at the customer's main bank: hold an account there.
  if ((traits.wealthProduct > 0 || traits.fund > 0) && depositTotal === 0 && banks.length > 0) traits.deposits[x.pick(banks.slice(0, 6))] = round(x.int(1_000, 8_000), 100);
  return { ...traits, registers };
}

/**
 * After the members are drawn: an applicant's members are alive, free, off the public payroll and
 * registered with the household unless planted so (a status case is something it hides); then each
 * person's aid, allowances and other income, from a stream of their own.
 */
function settleMembers(seed: number, members: SandboxPerson[], h: { applicant: boolean; lowIncome: boolean; rural: boolean }): void {
  const assisted = members.some((m) => m.traits.dibao || m.traits.tekun);
  for (const m of members) {
    if (h.applicant) Object.assign(m.traits, { deceased: false, deathDate: null, imprisoned: false, onPublicPayroll: false });
    const age = REFERENCE_YEAR - Number(m.birthDate.slice(0, 4));
    m.traits.incomeItems = incomeItemsFor(createRandom(seed, `income:${m.idNumber}`), m.traits, { age, lowIncome: h.lowIncome, rural: h.rural, assisted });
  }
}

/** An applicant hiding something: 1 to 3 items (by HIDING_WEIGHTS) that a member could hold, planted on that member. */
function hide(r: Random, planting: Random, members: SandboxPerson[], banks: readonly string[]): HiddenItem[] {
  const count = r.weighted([[1, 6], [2, 3], [3, 1]]);
  const chosen: UndeclaredItem[] = [];
  // Only what a member could hold: no job hidden by a couple in their eighties.
  const possible = UNDECLARED_ITEMS.filter((item) => members.some((m) => canHold(item, m)));
  while (chosen.length < Math.min(count, possible.length)) {
    const item = r.weighted(possible.filter((x) => !chosen.includes(x)).map((x) => [x, HIDING_WEIGHTS[x]] as const));
    chosen.push(item);
  }
  // Status cases first, so that nothing else is planted on a member who has died or is in prison.
  chosen.sort((a, b) => Number(STATUS_ITEMS.includes(b)) - Number(STATUS_ITEMS.includes(a)));
  return chosen.map((item) => plantUndeclared(r, planting, item, members, banks));
}

export interface PopulationOptions {
  seed: number;
  households: number;
  /** Bank source ids (from the catalogue): where deposits are held. */
  banks: readonly string[];
  /**
   * Field noise (docs/SANDBOX.md, "Field noise"): agencies disagreeing slightly, honest households
   * forgetting small items. Default true; false gives the noiseless population of before.
   */
  noise?: boolean;
}

/**
 * Builds the synthetic population: households across every county of regions.json, members with
 * valid GB 11643 numbers, ~15% low-income households, and applicants of whom ~70% leave something out.
 * Deterministic: the same options give the same population, byte for byte.
 */
export function buildPopulation(options: PopulationOptions): Population {
  const counties: Region[] = regions.filter((r) => r.level === 'county');
  const usedSequences = new Map<string, number>();
  const households: SandboxHousehold[] = [];
  const personById = new Map<string, SandboxPerson>();
  const householdById = new Map<string, SandboxHousehold>();
  const perCounty = new Map<string, number>();
  for (let i = 0; i < options.households; i++) {
    const r = createRandom(options.seed, `household:${i}`);
    const county = counties[i % counties.length]!;
    const ordinal = (perCounty.get(county.code) ?? 0) + 1;
    perCounty.set(county.code, ordinal);
    const id = `H${county.code}${String(ordinal).padStart(6, '0')}`;
    const rural = r.chance(county.zh.endsWith('区') ? 0.2 : 0.65);
    const lowIncome = r.chance(0.15);
    const plan: HouseholdPlan = { lowIncome, rural, wealth: lowIncome ? 1 : r.weighted([[0.7, 3], [1, 5], [1.6, 2], [3, 0.5]]) };
    const applicant = lowIncome || r.chance(0.06);
    const surname = r.pick([...SURNAMES]);
    const plans = planMembers(r, householdSize(r));
    const members: SandboxPerson[] = plans.map((m) => {
      const birthDate = m.birthDate ?? birthDateFor(r, m.age);
      const key = `${county.code}${birthDate}`;
      // Sequence numbers are unique per region and birth date; parity carries the sex.
      let seq = usedSequences.get(key) ?? (m.sex === 'MALE' ? -1 : 0);
      seq += 2;
      if ((seq % 2 === 1) !== (m.sex === 'MALE')) seq += 1;
      usedSequences.set(key, seq);
      const idNumber = composeIdNumber(county.code, birthDate, seq % 1000);
      const sameSurname = m.relation === 'HEAD' || m.relation === 'CHILD' || m.relation === 'GRANDCHILD' || (m.relation === 'SIBLING');
      return {
        idNumber,
        name: nameFor(r, sameSurname ? surname : r.pick([...SURNAMES])),
        sex: m.sex,
        birthDate,
        relation: m.relation,
        householdId: id,
        regionCode: county.code,
        hukouType: rural ? 'RURAL' : 'URBAN',
        traits: traitsFor(r, createRandom(options.seed, `registers:${idNumber}`), m, plan, options.banks),
      };
    });
    if (lowIncome && r.chance(0.6)) {
      const head = members[0]!.traits;
      head.dibao = true;
      head.assistanceMonthly = round(r.int(300, 900), 10);
    } else if (lowIncome && r.chance(0.3)) {
      members[0]!.traits.lowIncomeRecipient = true;
    }
    if (lowIncome && members.length === 1 && Number(members[0]!.birthDate.slice(0, 4)) <= REFERENCE_YEAR - 60 && r.chance(0.5)) {
      members[0]!.traits.tekun = true;
    }
    // The power account is on the head's name (on the next living member's if the head has died).
    const accountHolder = members.find((m) => !m.traits.deceased) ?? members[0]!;
    accountHolder.traits.registers!.powerKwhMonthly = householdPowerKwh(createRandom(options.seed, `power:${id}`), members.length, plan);
    const planting = createRandom(options.seed, `plant:${id}`);
    registerMarriages(createRandom(options.seed, `marriage:${id}`), members, plans);
    settleMembers(options.seed, members, { applicant, lowIncome, rural });
    const noise = options.noise !== false;
    if (noise) for (const m of members) if (m.traits.wageMonthly > 0 || m.traits.employed) m.traits.taxWageFactor = 1 + (createRandom(options.seed, `noise:${m.idNumber}`).next() * 2 - 1) * TAX_WAGE_SPREAD;
    const hidden = applicant && r.chance(0.7) ? hide(r, planting, members, options.banks) : [];
    const undeclared = hidden.map((x) => x.item);
    const byBank = createRandom(options.seed, `declare:${id}`).chance(0.6);
    const forgetting = noise ? forgetful(createRandom(options.seed, `forget:${id}`), members) : [];
    const declaration = declare(members, hidden, byBank, forgetting);
    const household: SandboxHousehold = { id, regionCode: county.code, applicant, lowIncome, fixture: false, undeclared, hidden, forgotten: forgetting, members, supporters: [], declaration };
    households.push(household);
    householdById.set(id, household);
    for (const m of members) {
      if (personById.has(m.idNumber)) throw new Error(`sandbox population: duplicate ID number at household ${id}`);
      personById.set(m.idNumber, m);
    }
  }
  return {
    seed: options.seed,
    households,
    personCount: personById.size,
    person: (idNumber) => personById.get(idNumber),
    household: (id) => householdById.get(id),
  };
}
