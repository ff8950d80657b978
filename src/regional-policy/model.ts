import { z } from 'zod';
import { CATEGORIES } from '../catalog/index.js';
import { benefitSchema, marginalAssetLimitsSchema, programmesSchema, vetoOutcomeFields, vetoOutcomeIssue } from './programmes.js';
import { hardshipIndexSchema, repeatAssistanceSchema, specialGroupsSchema, urgencySchema } from './rules.js';
import { discrepancyTolerancesSchema } from './tolerances.js';

/** Health categories of the labour-capacity table (rows). */
export const HEALTH_CATEGORIES = ['HEALTHY', 'CHRONIC_ILLNESS', 'MILD_DISABILITY', 'SEVERE_DISABILITY', 'SERIOUS_ILLNESS', 'STUDENT'] as const;
export type HealthCategory = (typeof HEALTH_CATEGORIES)[number];

/** Kinds of rigid expenditure a region may deduct from income, and the catalogue category each reads. */
export const RIGID_EXPENDITURE_KINDS = { MEDICAL: 'expense.medical', TUITION: 'expense.tuition', PENSION_CONTRIBUTION: 'expense.pension_contribution' } as const;
export type RigidExpenditureKind = keyof typeof RIGID_EXPENDITURE_KINDS;

/** Factors of the hardship index; a policy gives each a weight (the weights add up to 100). */
export const HARDSHIP_FACTORS = ['INCOME_GAP', 'NO_LABOUR_CAPACITY', 'ELDERLY', 'SERIOUS_ILLNESS', 'SEVERE_DISABILITY', 'CHILDREN_AND_STUDENTS', 'RIGID_EXPENDITURE', 'NO_PROPERTY', 'LOW_DEPOSITS'] as const;
export type HardshipFactor = (typeof HARDSHIP_FACTORS)[number];

/** Household measures a veto clause may test. */
export const HOUSEHOLD_MEASURES = ['propertyCount', 'vehicleCount', 'vehicleValue', 'businessCount', 'businessCapital', 'depositsPerCapita', 'securities'] as const;
export type HouseholdMeasure = (typeof HOUSEHOLD_MEASURES)[number];

const money = z.number().finite().nonnegative();
const share = z.number().min(0).max(1);

/** A list of distinct values of an enum (a value listed twice is a mistake, not an emphasis). */
function uniqueList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.array(z.enum(values)).refine((xs) => new Set(xs).size === xs.length, { message: 'must not list a value twice' });
}

/**
 * What raises a supporter's share (Balinzuo: "對子女擁有大宗資產、豪華車輛、高檔住宅的贍養費適當提高計算比例"):
 * deposits at or above `wealthyDepositsPerCapita`, a luxury vehicle, more than one property.
 */
export const SUPPORT_RAISERS = ['LARGE_DEPOSITS', 'LUXURY_VEHICLE', 'SECOND_HOME'] as const;
export type SupportRaiser = (typeof SUPPORT_RAISERS)[number];

/**
 * What exempts a supporter (Balinzuo: "對贍養人是低保戶、患有重特大疾病或重度殘疾的、監獄服刑或在校學生的可不核定贍養費").
 * TEKUN_RECIPIENT: extreme-poverty support presupposes no income and no capacity, a fortiori the dibao case.
 */
export const SUPPORT_EXEMPTIONS = ['DIBAO_RECIPIENT', 'TEKUN_RECIPIENT', 'SERIOUS_ILLNESS', 'SEVERE_DISABILITY', 'IMPRISONED', 'STUDENT'] as const;
export type SupportExemption = (typeof SUPPORT_EXEMPTIONS)[number];
const comparison = z.enum(['eq', 'gt', 'gte', 'lt', 'lte']);

/**
 * A veto clause (一票否决): any member whose attribute matches (by code, or by category for every
 * attribute of it), or a household measure beyond a bound, rejects or defers the application.
 */
const vetoSchema = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  zh: z.string().min(1),
  en: z.string().min(1),
  when: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('member-attribute'), attribute: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/), op: comparison, value: z.union([z.number(), z.boolean(), z.string()]) }),
    z.strictObject({ kind: z.literal('member-category'), category: z.enum(CATEGORIES), op: comparison, value: z.union([z.number(), z.boolean()]) }),
    z.strictObject({ kind: z.literal('household-measure'), measure: z.enum(HOUSEHOLD_MEASURES), op: comparison, value: z.number() }),
  ]),
  ...vetoOutcomeFields,
}).superRefine((v, ctx) => {
  const issue = vetoOutcomeIssue(v);
  if (issue) ctx.addIssue({ code: 'custom', message: issue, path: ['deferMonths'] });
});
export type VetoClause = z.infer<typeof vetoSchema>;

/** Standards per person per month, CNY: 低保标准 and the low-income (marginal) standard. */
const standardsSchema = z.strictObject({ minimumLiving: money, lowIncome: money }).refine((s) => s.lowIncome >= s.minimumLiving, {
  message: 'lowIncome must not be below minimumLiving',
  path: ['lowIncome'],
});

/**
 * The means-test parameters of one region from one date. Every field is optional: a region
 * inherits what it does not set from its parent (province > city > county), and the merged
 * result must be complete (`completePolicySchema`).
 */
export const policyParametersSchema = z.strictObject({
  standards: z.strictObject({ urban: standardsSchema, rural: standardsSchema }),
  assetLimits: z.strictObject({
    /** Deposits, wealth products, funds and securities per member, CNY. */
    depositsPerCapita: money,
    /** Most vehicles the household may own (0: none). */
    vehicles: z.int().min(0),
    /** Most residential properties (1: the home). */
    properties: z.int().min(0),
    /** Most registered capital of businesses owned or represented, CNY. */
    businessCapital: money,
  }),
  vetoes: z.array(vetoSchema),
  labourCapacity: z.strictObject({
    /** Upper bounds (inclusive) of the 5 age bands, the last open-ended: e.g. [15, 44, 59, 69, 200]. */
    ageBands: z.array(z.int().min(0).max(200)).length(5),
    /** Coefficient per health category (6 rows, in HEALTH_CATEGORIES order) and age band (5 columns). */
    coefficients: z.array(z.array(share).length(5)).length(HEALTH_CATEGORIES.length),
  }),
  economy: z.strictObject({
    /** Last year's urban minimum monthly wage, CNY. */
    urbanMinimumWageMonthly: money,
    /** Last year's rural per-capita disposable income, CNY per year. */
    ruralDisposableIncomeYearly: money,
    /** Months of informal work imputed per year (8 in the articles). */
    informalWorkMonths: z.number().min(0).max(12),
    /** Share of rural disposable income imputed as farm income (60%). */
    farmIncomeShare: share,
  }),
  support: z
    .strictObject({
      /** Share of a supporter's income counted for each parent supported (5% to 10%: "按照贍養人收入的5%到10%的比例計算給父母一方的贍養費"). */
      minShare: share,
      /** The raised share, per parent, for a supporter in a circumstance of `raisedWhen`. */
      maxShare: share,
      /** A supporter's deposits (all banks) at or above which LARGE_DEPOSITS applies, CNY. */
      wealthyDepositsPerCapita: money,
      /** Circumstances that raise the share to maxShare. Absent (versions before it): all of SUPPORT_RAISERS, the rule then. */
      raisedWhen: uniqueList(SUPPORT_RAISERS).optional(),
      /** Circumstances in which no support is counted. Absent (versions before it): all of SUPPORT_EXEMPTIONS, the seed's list. */
      exemptWhen: uniqueList(SUPPORT_EXEMPTIONS).optional(),
    })
    .refine((s) => s.maxShare >= s.minShare, { message: 'maxShare must not be below minShare', path: ['maxShare'] }),
  rigidExpenditure: z.strictObject({ deductible: z.array(z.enum(Object.keys(RIGID_EXPENDITURE_KINDS) as [RigidExpenditureKind, ...RigidExpenditureKind[]])) }),
  circles: z.strictObject({
    /** Upper bounds of circles 3 and 4 as multiples of the low-income standard (1.5 and 2). */
    circle3Multiple: z.number().min(1),
    circle4Multiple: z.number().min(1),
  }),
  /** The 9-factor weights hardshipIndex replaced: still parsed so versions stored before it resolve, no longer read. */
  hardshipWeights: z
    .record(z.enum(HARDSHIP_FACTORS), z.number().min(0).max(100))
    .refine((w) => Math.abs(Object.values(w).reduce((a, b) => a + b, 0) - 100) < 1e-9, { message: 'weights must add up to 100' })
    .optional(),
  /** Hardship index (困难指数), urgency colours (四色), special groups, repeat-assistance window. Absent (versions before them): RULE_DEFAULTS (rules.ts). */
  hardshipIndex: hardshipIndexSchema.optional(),
  urgency: urgencySchema.optional(),
  specialGroups: specialGroupsSchema.optional(),
  repeatAssistance: repeatAssistanceSchema.optional(),
  /** Per-programme parameters. Absent (versions before them): the fallback in docs/ASSESSMENT.md (Eligibility). */
  programmes: programmesSchema.optional(),
  /** 低保边缘 asset limits. Absent (versions before them): `assetLimits`, the rule then. */
  marginalAssetLimits: marginalAssetLimitsSchema.optional(),
  /** Benefit amount (补差, 分类施保). Absent (versions before it): no amount is computed. */
  benefit: benefitSchema.optional(),
  /** Discrepancy tolerances and severities per kind. Absent (versions before them): TOLERANCE_DEFAULTS (tolerances.ts), the 2026 seed's. */
  discrepancyTolerances: discrepancyTolerancesSchema.optional(),
});
export type PolicyParameters = z.infer<typeof policyParametersSchema>;

/**
 * What a region's policy document may set: whole sections (standards, assetLimits, ...). A section
 * it leaves out is inherited from the nearest ancestor region that sets it.
 */
export const policyOverrideSchema = policyParametersSchema.partial();
export type PolicyOverride = z.infer<typeof policyOverrideSchema>;

/** A dated policy version of one region, as stored. */
export interface PolicyVersion {
  id: string;
  regionCode: string;
  effectiveFrom: string;
  /** What this region sets itself (merged over its ancestors' versions in force on the date). */
  parameters: PolicyOverride;
  createdAt: string;
  createdBy: string;
}

/** The policy in force for a region on a date: the versions merged (county over city over province). */
export interface ResolvedPolicy {
  regionCode: string;
  /** The date it was resolved for (YYYY-MM-DD). */
  date: string;
  /** The versions merged, province first: a report records them so it can be re-assessed. */
  versions: { id: string; regionCode: string; effectiveFrom: string }[];
  parameters: PolicyParameters;
}
