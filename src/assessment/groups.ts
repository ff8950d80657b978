import type { Attribute, Catalog } from '../catalog/index.js';
import type { PolicyParameters } from '../regional-policy/index.js';
import { assistanceFlags, monthlyHighest } from './income.js';
import type { AssessedPerson, Assessment, NeedTag, TargetGroup } from './model.js';
import type { Eligibility } from './programmes.js';
import { ASSISTANCE_PAYMENTS, CODES, numeric, readingOf, readings, readingsIn } from './read.js';
import type { MemberWork } from './work.js';

/** Current recipients by the civil-affairs register, whoever in the household it names. */
export interface Registers {
  dibao: boolean;
  tekun: boolean;
  lowIncome: boolean;
}

export function onRegisters(catalog: Catalog, everyone: readonly AssessedPerson[]): Registers {
  return { dibao: flagged(catalog, everyone, CODES.dibao), tekun: flagged(catalog, everyone, CODES.tekun), lowIncome: flagged(catalog, everyone, CODES.lowIncome) };
}

/** The information circle: 1 and 2 by eligibility or register, 3 and 4 by multiples of the low-income standard. */
export function informationCircle(e: Eligibility, registers: Registers, perCapita: number, low: number, circles: PolicyParameters['circles']): Assessment['circle'] {
  const pc = perCapita;
  if (e.minimumLiving.eligible || e.extremePoverty.eligible || registers.dibao || registers.tekun) return 1;
  if (e.marginal.eligible || registers.lowIncome) return 2;
  if (pc >= low && pc < low * circles.circle3Multiple) return 3;
  if (pc >= low * circles.circle3Multiple && pc < low * circles.circle4Multiple) return 4;
  return null;
}

/** What a household in a circle needs help with; none outside the circles. */
export function needTagsOf(catalog: Catalog, present: readonly MemberWork[], circle: Assessment['circle']): NeedTag[] {
  const needTags: NeedTag[] = [];
  if (circle === null) return needTags;
  const people = present.map((m) => m.person);
  const medicalWithIllness = present.some((m) => (m.condition.seriouslyIll || m.condition.chronicallyIll) && (monthlyHighest(catalog, m.person, 'expense.medical')?.value ?? 0) > 0);
  if (present.some((m) => m.condition.seriouslyIll) || medicalWithIllness) needTags.push('ILLNESS');
  if (present.some((m) => m.condition.student || (monthlyHighest(catalog, m.person, 'expense.tuition')?.value ?? 0) > 0)) needTags.push('EDUCATION');
  if (present.some((m) => m.condition.severelyDisabled)) needTags.push('SEVERE_DISABILITY');
  if (positive(catalog, people, CODES.insuranceClaims) || positive(catalog, people, CODES.injuryAllowance)) needTags.push('ACCIDENT');
  return needTags;
}

export interface GroupsInput {
  catalog: Catalog;
  everyone: readonly AssessedPerson[];
  /** Every member, counted or not (a deceased or imprisoned parent is listed). */
  members: readonly MemberWork[];
  present: readonly MemberWork[];
  eligibility: Eligibility;
  registers: Registers;
}

/** Who a child's parents are in the household, by relation to the head. */
const PARENTS_OF: Readonly<Record<string, readonly string[]>> = { CHILD: ['HEAD', 'SPOUSE'], GRANDCHILD: ['CHILD'], HEAD: ['PARENT'], SIBLING: ['PARENT'] };

/** A parent unable to raise a child: dead, missing, imprisoned, severely disabled or seriously ill. */
function unableParent(catalog: Catalog, m: MemberWork): boolean {
  const c = m.condition;
  const missing = readingsIn(catalog, m.person, 'status.vital').some((r) => r.value === 'MISSING');
  return c.deceased || c.imprisoned || c.severelyDisabled || c.seriouslyIll || missing;
}

/**
 * 事实无人抚养儿童, narrowed from "a minor with no working-age adult able to work", which flagged every
 * child living with grandparents while the parents work away (a left-behind child, not an
 * unsupported one). National definition (民发〔2019〕62号): "父母双方均符合重残、重病、服刑在押、强制隔离戒毒、
 * 被执行其他限制人身自由的措施、失联情形之一的儿童;或者父母一方死亡或失踪,另一方符合重残、重病、服刑在押、
 * 强制隔离戒毒、被执行其他限制人身自由的措施、失联情形之一的儿童". The hub knows the parents only when they are
 * listed in the household: a counted minor whose listed parents (at least one) are all unable, or a
 * household of minors only.
 */
function unsupportedChild(catalog: Catalog, members: readonly MemberWork[], present: readonly MemberWork[]): boolean {
  if (present.length > 0 && present.every((m) => m.condition.age < 18)) return true;
  return present.some((child) => {
    if (child.condition.age >= 18) return false;
    const parents = members.filter((m) => m !== child && (PARENTS_OF[child.person.relation] ?? []).includes(m.person.relation) && m.condition.age >= 18);
    return parents.length > 0 && parents.every((m) => unableParent(catalog, m));
  });
}

export function targetGroupsOf({ catalog, everyone, members, present, eligibility: e, registers }: GroupsInput): TargetGroup[] {
  const people = present.map((m) => m.person);
  const groups: [TargetGroup, boolean][] = [
    ['MINIMUM_LIVING_RECIPIENTS', e.minimumLiving.eligible || registers.dibao],
    ['EXTREME_POVERTY', e.extremePoverty.eligible || registers.tekun],
    ['PERSONS_WITH_DISABILITIES', present.some((m) => m.condition.disabilityGrade !== null && m.condition.disabilityGrade !== 'NONE')],
    ['ORPHANS_AND_UNSUPPORTED_CHILDREN', unsupportedChild(catalog, members, present) || positive(catalog, people, CODES.orphanAllowance)],
    ['MARGINAL_HOUSEHOLDS', e.marginal.eligible || registers.lowIncome],
    ['RELAPSE_MONITORED', flagged(catalog, everyone, CODES.monitored)],
    ['RIGID_EXPENDITURE_HARDSHIP', e.rigidHardship.eligible],
  ];
  return groups.filter(([, holds]) => holds).map(([g]) => g);
}

/** Assistance already paid, for every member on the registers (a payment to a deceased member shows too). */
export function currentAssistanceOf(catalog: Catalog, everyone: readonly AssessedPerson[]): Assessment['currentAssistance'] {
  const currentAssistance: Assessment['currentAssistance'] = [];
  for (const m of everyone) {
    const flags = assistanceFlags(catalog, m);
    const paid = (a: Attribute) => a.type === 'MONEY' && (a.category === 'income.transfer' || ASSISTANCE_PAYMENTS.includes(a.code));
    for (const r of readings(catalog, m, (a) => paid(a) || flags.includes(a.code))) {
      if (r.value === true || (typeof r.value === 'number' && r.value > 0)) currentAssistance.push({ attribute: r.attribute.code, personId: m.personId, value: r.value });
    }
  }
  return currentAssistance;
}

function flagged(catalog: Catalog, people: readonly AssessedPerson[], code: string): boolean {
  return people.some((p) => readingOf(catalog, p, code).some((r) => r.value === true));
}

function positive(catalog: Catalog, people: readonly AssessedPerson[], code: string): boolean {
  return people.some((p) => numeric(readingOf(catalog, p, code)).some((r) => r.value > 0));
}
