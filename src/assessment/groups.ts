import type { Attribute, Catalog } from '../catalog/index.js';
import type { PolicyParameters } from '../regional-policy/index.js';
import { assistanceFlags, monthlyHighest } from './income.js';
import type { AssessedPerson, Assessment, NeedTag, TargetGroup } from './model.js';
import type { Eligibility } from './programmes.js';
import { ASSISTANCE_PAYMENTS, CODES, numeric, readings } from './read.js';
import type { MemberWork, SupporterWork } from './work.js';

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
  present: readonly MemberWork[];
  supporters: readonly SupporterWork[];
  eligibility: Eligibility;
  registers: Registers;
}

export function targetGroupsOf({ catalog, everyone, present, supporters, eligibility: e, registers }: GroupsInput): TargetGroup[] {
  const people = present.map((m) => m.person);
  const adultsWhoCanWork = [...present, ...supporters].filter((x) => x.condition.age >= 18 && x.condition.age <= 59 && x.coefficient.value > 0).length;
  const unsupportedChild = present.some((m) => m.condition.age < 18) && adultsWhoCanWork === 0;
  const groups: [TargetGroup, boolean][] = [
    ['MINIMUM_LIVING_RECIPIENTS', e.minimumLiving.eligible || registers.dibao],
    ['EXTREME_POVERTY', e.extremePoverty.eligible || registers.tekun],
    ['PERSONS_WITH_DISABILITIES', present.some((m) => m.condition.disabilityGrade !== null && m.condition.disabilityGrade !== 'NONE')],
    ['ORPHANS_AND_UNSUPPORTED_CHILDREN', unsupportedChild || positive(catalog, people, CODES.orphanAllowance)],
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
  return people.some((p) => readings(catalog, p, (a) => a.code === code).some((r) => r.value === true));
}

function positive(catalog: Catalog, people: readonly AssessedPerson[], code: string): boolean {
  return people.some((p) => numeric(readings(catalog, p, (a) => a.code === code)).some((r) => r.value > 0));
}
