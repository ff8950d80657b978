import { z } from 'zod';
import { PURPOSES } from '../catalog/index.js';

/**
 * The per-programme parameters (低保, 特困, 低保边缘, 刚性支出困难, 临时救助), the marginal asset
 * limits and the benefit amount (补差 and 分类施保). Versions stored before these sections existed
 * still parse: the sections are optional in a stored version, and the assessment falls back as
 * docs/ASSESSMENT.md says; a new version must have them (`currentPolicyIssue`, used by savePolicy).
 */

const money = z.number().finite().nonnegative();
const share = z.number().min(0).max(1);
/** Where a rule comes from: the sentence of a seed article, or the national or provincial document. */
const source = z.string().min(1);

export const DISABILITY_GRADES = ['GRADE_1', 'GRADE_2', 'GRADE_3', 'GRADE_4'] as const;
export type DisabilityGrade = (typeof DISABILITY_GRADES)[number];

/** 特困人员生活自理能力: 全自理, 部分自理, 完全不能自理. */
export const CARE_LEVELS = ['FULL_SELF_CARE', 'PARTIAL_SELF_CARE', 'NO_SELF_CARE'] as const;
export type CareLevel = (typeof CARE_LEVELS)[number];

/** What a fired veto does: refuse the application, or postpone it by `deferMonths` (不能或暂缓申请). */
export const VETO_OUTCOMES = ['REJECT', 'DEFER'] as const;
export type VetoOutcome = (typeof VETO_OUTCOMES)[number];

/** Fields a veto clause gained with outcomes. Absent outcome (versions before it): REJECT, the rule then. */
export const vetoOutcomeFields = {
  outcome: z.enum(VETO_OUTCOMES).optional(),
  /** Months an application is deferred (DEFER only). */
  deferMonths: z.int().min(1).max(60).nullable().optional(),
  source: source.optional(),
};

/** DEFER needs its period; REJECT has none. */
export function vetoOutcomeIssue(v: { outcome?: VetoOutcome | undefined; deferMonths?: number | null | undefined }): string | null {
  if (v.outcome === 'DEFER' && !v.deferMonths) return 'a DEFER clause must give deferMonths';
  if (v.outcome !== 'DEFER' && v.deferMonths) return 'deferMonths is for DEFER clauses only';
  return null;
}

const grade = z.enum(DISABILITY_GRADES);
const careLevel = z.enum(CARE_LEVELS);

export const programmesSchema = z.strictObject({
  /** Whether rigid expenditure reduces the income 低保, 特困 and 低保边缘 test (Balinzuo deducts; Gansu does not). */
  deductRigidForMinimumLiving: z.boolean(),
  minimumLivingSource: source,
  extremePoverty: z.strictObject({
    /** Aged at least this many years (60). */
    elderlyAge: z.int().min(0).max(120),
    /** Under this many years (16 nationally; some provinces 18). */
    minorAge: z.int().min(0).max(18),
    /** Disability grades that qualify by themselves (grades 1-2). */
    disabilityGrades: z.array(grade).min(1),
    /** Whether serious illness qualifies (a provincial addition). */
    seriousIllness: z.boolean(),
    /** 基本生活标准 as a multiple of the 低保 standard (1.3). */
    basicLivingMultiple: z.number().min(1).max(5),
    /** Care level by disability grade, then for serious illness; FULL_SELF_CARE otherwise. */
    careLevelByGrade: z.partialRecord(grade, careLevel),
    careLevelSeriousIllness: careLevel,
    /** 照料护理标准 per person per month, CNY, for each care level. */
    careAllowance: z.strictObject({ FULL_SELF_CARE: money, PARTIAL_SELF_CARE: money, NO_SELF_CARE: money }),
    source,
  }),
  marginalSource: source,
  rigidExpenditureHardship: z.strictObject({
    /** Rigid expenditure must exceed this share of the household's income. */
    expenditureShare: share,
    /** Per-capita income (before deductions) must be below this multiple of the low-income standard. */
    incomeMultiple: z.number().min(1).max(10),
    source,
  }),
  temporaryAssistance: z.strictObject({
    /** Purposes that mark an emergency: no income test. */
    urgentPurposes: z.array(z.enum(PURPOSES)).min(1),
    /** Outside an emergency: rigid expenditure must exceed this share of income (支出型). */
    expenditureShare: share,
    source,
  }),
});
export type ProgrammeParameters = z.infer<typeof programmesSchema>;

/** 低保边缘 asset limits: the same measures as `assetLimits`, at least as generous. */
export const marginalAssetLimitsSchema = z.strictObject({ depositsPerCapita: money, vehicles: z.int().min(0), properties: z.int().min(0), businessCapital: money });

/** Member groups a classified increment (分类施保) may name. */
export const INCREMENT_GROUPS = ['ELDERLY', 'SEVERE_DISABILITY', 'SERIOUS_ILLNESS', 'STUDENT', 'MINOR'] as const;
export type IncrementGroup = (typeof INCREMENT_GROUPS)[number];

export const benefitSchema = z
  .strictObject({
    /** Source of the 补差 rule. */
    gapSource: source,
    /** A member in several groups gets the largest increment (HIGHEST) or all of them (SUM). */
    combine: z.enum(['HIGHEST', 'SUM']),
    increments: z.array(
      z
        .strictObject({
          code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
          group: z.enum(INCREMENT_GROUPS),
          /** ELDERLY: aged at least. */
          minAge: z.int().min(0).max(120).optional(),
          /** MINOR, STUDENT: under this age. */
          belowAge: z.int().min(1).max(30).optional(),
          /** Share of the 低保 standard per person per month. */
          share: share,
          zh: z.string().min(1),
          en: z.string().min(1),
          source,
        })
        .refine((i) => i.group !== 'ELDERLY' || i.minAge !== undefined, { message: 'an ELDERLY increment must give minAge', path: ['minAge'] })
        .refine((i) => i.group !== 'MINOR' || i.belowAge !== undefined, { message: 'a MINOR increment must give belowAge', path: ['belowAge'] }),
    ),
  })
  .refine((b) => new Set(b.increments.map((i) => i.code)).size === b.increments.length, { message: 'increment codes must be distinct', path: ['increments'] });
export type BenefitParameters = z.infer<typeof benefitSchema>;

/** Sections a version saved from now on must resolve to (older stored versions may lack them). */
const CURRENT_SECTIONS = ['programmes', 'marginalAssetLimits', 'benefit'] as const;

type Limits = z.infer<typeof marginalAssetLimitsSchema>;

/**
 * The first missing or inconsistent parameter of a merged policy a new version would put in force,
 * as the field path and a message; null when complete.
 */
export function currentPolicyIssue(p: { assetLimits: Limits; marginalAssetLimits?: Limits | undefined; programmes?: unknown; benefit?: unknown }): { field: string; message: string } | null {
  for (const section of CURRENT_SECTIONS) if (p[section] === undefined) return { field: section, message: `the policy in force must set ${section}` };
  for (const [k, v] of Object.entries(p.assetLimits) as [keyof Limits, number][]) {
    const marginal = p.marginalAssetLimits![k];
    if (marginal < v) return { field: `marginalAssetLimits.${k}`, message: `must not be below assetLimits.${k} (${v}): marginal households may own at least what dibao households may` };
  }
  return null;
}
