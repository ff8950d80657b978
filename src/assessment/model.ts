import type { Catalog, PersonRecord } from '../catalog/index.js';
import type { HardshipFactor, HealthCategory, PolicyParameters, ResolvedPolicy, RigidExpenditureKind } from '../regional-policy/index.js';

/** A person as the assessment sees them: verified records only, never the declaration. */
export interface AssessedPerson {
  personId: string;
  relation: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
  /** What each source said, by source id (absent: not asked, failed or pending). */
  records: Record<string, PersonRecord>;
}

export interface AssessmentInput {
  policy: ResolvedPolicy;
  catalog: Catalog;
  /** The day ages and periods are computed for (YYYY-MM-DD). */
  assessedOn: string;
  members: AssessedPerson[];
  /** Relatives outside the household obliged to support it (children of elderly members). */
  supporters: AssessedPerson[];
}

/** A figure with its provenance: the rule that made it and the attributes it was made from. */
export interface Figure {
  value: number;
  unit: 'CNY/month' | 'CNY' | 'count' | 'ratio' | 'points' | 'coefficient';
  /** Stable rule id (e.g. `income.wage.max-of-sources`, `imputed.informal-work`), explained in docs/ASSESSMENT.md. */
  rule: string;
  /** Attribute codes whose values made the figure (empty when imputed from policy figures only). */
  attributes: string[];
  /** Person ids the figure concerns (empty: the whole household). */
  persons: string[];
}

export const INCOME_KINDS = ['WAGE', 'PENSION', 'UNEMPLOYMENT', 'BUSINESS', 'PROPERTY', 'INTEREST', 'TRANSFER', 'OTHER', 'IMPUTED_INFORMAL_WORK', 'IMPUTED_FARM', 'SUPPORT'] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

export const PROGRAMMES = ['MINIMUM_LIVING', 'EXTREME_POVERTY', 'MARGINAL', 'RIGID_EXPENDITURE_HARDSHIP'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export const NEED_TAGS = ['ILLNESS', 'EDUCATION', 'SEVERE_DISABILITY', 'ACCIDENT'] as const;
export type NeedTag = (typeof NEED_TAGS)[number];

/** The seven target groups of the field (DOMAIN.md). */
export const TARGET_GROUPS = [
  'MINIMUM_LIVING_RECIPIENTS',
  'EXTREME_POVERTY',
  'PERSONS_WITH_DISABILITIES',
  'ORPHANS_AND_UNSUPPORTED_CHILDREN',
  'MARGINAL_HOUSEHOLDS',
  'RELAPSE_MONITORED',
  'RIGID_EXPENDITURE_HARDSHIP',
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export interface MemberAssessment {
  personId: string;
  age: number;
  healthCategory: HealthCategory;
  labourCoefficient: Figure;
  income: Partial<Record<IncomeKind, Figure>>;
  rigidExpenditure: Partial<Record<RigidExpenditureKind, Figure>>;
}

export interface Assessment {
  policy: { regionCode: string; date: string; versions: ResolvedPolicy['versions'] };
  area: 'URBAN' | 'RURAL';
  /** The standards applied (per person per month). */
  standards: { minimumLiving: number; lowIncome: number };
  members: MemberAssessment[];
  income: {
    /** Household monthly income by kind (imputed and support included). */
    byKind: Partial<Record<IncomeKind, Figure>>;
    gross: Figure;
    rigidDeductions: Figure;
    net: Figure;
    perCapita: Figure;
    perCapitaBeforeDeductions: Figure;
  };
  assets: {
    depositsPerCapita: Figure;
    vehicles: Figure;
    properties: Figure;
    businessCapital: Figure;
    passes: boolean;
    /** Each limit exceeded, with the figure that exceeded it. */
    exceeded: { limit: keyof PolicyParameters['assetLimits']; allowed: number; figure: Figure }[];
  };
  vetoes: { code: string; zh: string; en: string; figure: Figure }[];
  eligibility: { programme: Programme; eligible: boolean; reasons: string[] }[];
  /** Information circle 1-4, or null when above circle 4. */
  circle: 1 | 2 | 3 | 4 | null;
  needTags: NeedTag[];
  targetGroups: TargetGroup[];
  hardship: { index: number; contributions: { factor: HardshipFactor; weight: number; score: number; points: number; attributes: string[] }[] };
  /** Assistance the household already receives (civil affairs, disability federation, charity, trade union...). */
  currentAssistance: { attribute: string; personId: string; value: number | boolean }[];
}
