import type { Catalog } from '../catalog/index.js';
import { HEALTH_CATEGORIES, type HealthCategory, type PolicyParameters } from '../regional-policy/index.js';
import { coResident } from './household.js';
import type { AssessedPerson, Figure } from './model.js';
import { readingOf, CODES, figure, readingsIn, trueCodes, type Reading } from './read.js';

/** Full years between a birth date and the assessment date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const birthdayPassed = m > bm || (m === bm && d >= bd);
  return Math.max(0, y - by - (birthdayPassed ? 0 : 1));
}

/** What the registers say about a person's health, disability and situation. */
export interface Condition {
  age: number;
  healthCategory: HealthCategory;
  /** Codes read to reach the health category, up to the one that decided it. */
  healthAttributes: string[];
  seriouslyIll: boolean;
  seriousIllnessAttributes: string[];
  disabilityGrade: string | null;
  disabilityAttributes: string[];
  severelyDisabled: boolean;
  student: boolean;
  studentAttributes: string[];
  chronicallyIll: boolean;
  deceased: boolean;
  imprisoned: boolean;
  /** Codes that took the person out of the household count (death, prison). */
  absenceAttributes: string[];
}

const SEVERE_GRADES = ['GRADE_1', 'GRADE_2'];
const MILD_GRADES = ['GRADE_3', 'GRADE_4'];

function presentCodes(rs: readonly Reading[]): string[] {
  return rs.map((r) => r.attribute.code);
}

/** The worst grade any register reports (GRADE_1 is the most severe). */
function disabilityGrade(rs: readonly Reading[]): string | null {
  const grades = rs.map((r) => r.value).filter((v): v is string => typeof v === 'string');
  const ranked = ['GRADE_1', 'GRADE_2', 'GRADE_3', 'GRADE_4', 'NONE'];
  return grades.sort((a, b) => rank(ranked, a) - rank(ranked, b))[0] ?? null;
}

function rank(order: readonly string[], v: string): number {
  const i = order.indexOf(v);
  return i === -1 ? order.length : i;
}

export function condition(catalog: Catalog, person: AssessedPerson, on: string): Condition {
  const serious = readingsIn(catalog, person, 'status.serious_illness', 'BOOLEAN');
  const disability = readingsIn(catalog, person, 'status.disability_grade');
  const student = readingsIn(catalog, person, 'status.student', 'BOOLEAN');
  const chronic = readingOf(catalog, person, CODES.chronicDisease);
  const vital = readingsIn(catalog, person, 'status.vital');
  const prison = readingsIn(catalog, person, 'status.imprisoned', 'BOOLEAN');

  const seriouslyIll = serious.some((r) => r.value === true);
  const grade = disabilityGrade(disability);
  const severelyDisabled = grade !== null && SEVERE_GRADES.includes(grade);
  const mildlyDisabled = grade !== null && MILD_GRADES.includes(grade);
  const isStudent = student.some((r) => r.value === true);
  const chronicallyIll = chronic.some((r) => r.value === true);

  // First match in the order of the labour table's rules; the codes read so far are the provenance.
  const steps: [boolean, HealthCategory, readonly Reading[]][] = [
    [seriouslyIll, 'SERIOUS_ILLNESS', serious],
    [severelyDisabled, 'SEVERE_DISABILITY', disability],
    [mildlyDisabled, 'MILD_DISABILITY', disability],
    [isStudent, 'STUDENT', student],
    [chronicallyIll, 'CHRONIC_ILLNESS', chronic],
  ];
  let healthCategory: HealthCategory = 'HEALTHY';
  const healthAttributes: string[] = [];
  for (const [matches, category, rs] of steps) {
    healthAttributes.push(...presentCodes(rs));
    if (matches) {
      healthCategory = category;
      break;
    }
  }

  const deceasedCodes = vital.filter((r) => r.value === 'DECEASED').map((r) => r.attribute.code);
  const prisonCodes = trueCodes(prison);
  return {
    age: ageOn(person.birthDate, on),
    healthCategory,
    healthAttributes: [...new Set(healthAttributes)],
    seriouslyIll,
    seriousIllnessAttributes: presentCodes(serious),
    disabilityGrade: grade,
    disabilityAttributes: presentCodes(disability),
    severelyDisabled,
    student: isStudent,
    studentAttributes: presentCodes(student),
    chronicallyIll,
    deceased: deceasedCodes.length > 0,
    imprisoned: prisonCodes.length > 0,
    absenceAttributes: [...deceasedCodes, ...prisonCodes],
  };
}

/**
 * The labour-capacity coefficient: the policy table's row for the health category and the column
 * of the first age band whose upper bound reaches the age (the last band when none does).
 * A member who is not co-resident (`coResident`: deceased, imprisoned) has none.
 */
export function labourCoefficient(params: PolicyParameters['labourCapacity'], c: Condition, personId: string): Figure {
  if (!coResident(c)) return figure(0, 'coefficient', 'labour.coefficient.not-counted', c.absenceAttributes, [personId]);
  const row = params.coefficients[HEALTH_CATEGORIES.indexOf(c.healthCategory)] ?? [];
  const band = params.ageBands.findIndex((upper) => upper >= c.age);
  const value = row[band === -1 ? params.ageBands.length - 1 : band] ?? 0;
  return figure(value, 'coefficient', 'labour.coefficient.table', c.healthAttributes, [personId]);
}
