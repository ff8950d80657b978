import type { CareLevel, ProgrammeParameters } from '../regional-policy/index.js';
import type { Figure } from './model.js';
import { figure, unique } from './read.js';
import type { MemberWork } from './work.js';

type Criteria = ProgrammeParameters['extremePoverty'];

/** A counted member who meets 特困's individual criteria, with the care level their records give. */
export interface Qualifying {
  member: MemberWork;
  careLevel: CareLevel;
  /** Codes that made the case: the coefficient's, the disability or illness codes. */
  attributes: string[];
}

/**
 * 特困 is individual (《特困人员认定办法》: 老年人、残疾人以及未满十六周岁的未成年人, 无劳动能力):
 * aged `elderlyAge` or over, under `minorAge`, disabled at a listed grade, or (where the province
 * adds it) seriously ill; and with labour coefficient 0.
 */
function qualifies(m: MemberWork, c: Criteria): boolean {
  const cond = m.condition;
  const grade = cond.disabilityGrade;
  const category = cond.age >= c.elderlyAge || cond.age < c.minorAge || (grade !== null && (c.disabilityGrades as readonly string[]).includes(grade)) || (c.seriousIllness && cond.seriouslyIll);
  return category && m.coefficient.value === 0;
}

/** Care level (生活自理能力) by the worst disability grade first, then serious illness; full self-care otherwise. */
function careLevel(m: MemberWork, c: Criteria): CareLevel {
  const grade = m.condition.disabilityGrade as keyof Criteria['careLevelByGrade'] | null;
  const byGrade = grade ? c.careLevelByGrade[grade] : undefined;
  if (byGrade) return byGrade;
  return m.condition.seriouslyIll ? c.careLevelSeriousIllness : 'FULL_SELF_CARE';
}

export function qualifyingMembers(present: readonly MemberWork[], c: Criteria): Qualifying[] {
  return present
    .filter((m) => qualifies(m, c))
    .map((m) => ({ member: m, careLevel: careLevel(m, c), attributes: unique([...m.coefficient.attributes, ...m.condition.disabilityAttributes, ...m.condition.seriousIllnessAttributes]) }));
}

/** The qualifying members as a figure: their count, ids and the codes that made each case. */
export function qualifyingFigure(q: readonly Qualifying[]): Figure {
  return figure(q.length, 'count', 'extreme-poverty.qualifying-members', unique(q.flatMap((x) => x.attributes)), q.map((x) => x.member.person.personId));
}

export const CARE_LEVEL_ZH: Record<CareLevel, string> = { FULL_SELF_CARE: '全自理', PARTIAL_SELF_CARE: '部分自理', NO_SELF_CARE: '完全不能自理' };
export const CARE_LEVEL_EN: Record<CareLevel, string> = { FULL_SELF_CARE: 'full self-care', PARTIAL_SELF_CARE: 'partial self-care', NO_SELF_CARE: 'no self-care' };
