import type { Catalog, PersonRecord, Purpose } from '../catalog/index.js';
import type { HealthCategory, PolicyParameters, ResolvedPolicy, RigidExpenditureKind, SupportExemption } from '../regional-policy/index.js';
import type { Hardship } from './hardship.js';
import type { SpecialGroupMatch, UrgencyResult } from './screening.js';

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
  /** The verification's purpose: an urgent request (URGENT_ASSISTANCE) waives temporary assistance's income test. Absent: not urgent. */
  purpose?: Purpose;
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
  /** Sources that did not answer whose records this figure would rest on: not verified (absent when all answered). */
  provisional?: MissingSource[];
  /** What the figure is, for a caseworker to read out: rule, amount, persons, agencies and dates (set with the report). */
  zh?: string;
  en?: string;
}

export const INCOME_KINDS = ['WAGE', 'PENSION', 'UNEMPLOYMENT', 'BUSINESS', 'PROPERTY', 'INTEREST', 'TRANSFER', 'OTHER', 'IMPUTED_INFORMAL_WORK', 'IMPUTED_FARM', 'SUPPORT'] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

export const PROGRAMMES = ['MINIMUM_LIVING', 'EXTREME_POVERTY', 'MARGINAL', 'RIGID_EXPENDITURE_HARDSHIP', 'TEMPORARY_ASSISTANCE'] as const;
export type Programme = (typeof PROGRAMMES)[number];

export const CONCLUSIONS = ['ELIGIBLE', 'NOT_ELIGIBLE', 'PROVISIONAL'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

/** One ground of a conclusion: a stable code, whether the test held, sentences a caseworker can read out, the figure it rests on. */
export interface Ground {
  code: string;
  holds: boolean;
  zh: string;
  en: string;
  figure: Figure | null;
}

/** A source that did not answer: what it holds is not verified. */
export interface MissingSource {
  source: string;
  /** PENDING: an urgent request's provisional assessment, before a bank answered; NOT_ASKED: the verification did not ask it (a narrowed request, or the purpose does not allow it). */
  status: 'TIMEOUT' | 'UNAVAILABLE' | 'PENDING' | 'NOT_ASKED';
}

export interface Benefit {
  /** CNY/month */
  total: Figure;
  /** 补差 gap and each classified increment, each with its rule */
  parts: Figure[];
}

export interface ProgrammeConclusion {
  programme: Programme;
  conclusion: Conclusion;
  /** Kept for existing clients: conclusion === 'ELIGIBLE'. */
  eligible: boolean;
  /** Every ground of an eligible conclusion; the failed ones of an ineligible one. */
  grounds: Ground[];
  /** English sentences of the grounds, for existing clients (= grounds.map(g => g.en)). */
  reasons: string[];
  benefit: Benefit | null;
  /** Empty from the rules; filled (and the conclusion set PROVISIONAL) when sources did not answer. */
  missing: MissingSource[];
  /** For PROVISIONAL: the conclusion on what did answer (what an urgent request is approved on, provisionally). */
  onAnswered?: 'ELIGIBLE' | 'NOT_ELIGIBLE';
}

/** A veto clause that fired: REJECT refuses the application, DEFER postpones it by `deferMonths`. */
export interface FiredVeto {
  code: string;
  zh: string;
  en: string;
  outcome: 'REJECT' | 'DEFER';
  deferMonths: number | null;
  figure: Figure;
}

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

/** A supporter outside the household (docs/ASSESSMENT.md, "Support from supporters"). */
export interface SupporterResult {
  personId: string;
  /** The co-resident members counted as this supporter's parents: the share is counted once for each. */
  parents: string[];
  /** The supporter's recorded monthly income (rule `support.supporter-income`); null: no income source has a record of them. */
  income: Figure | null;
  /** Share of income per parent (0 when exempt). */
  share: number;
  /** Why nothing is counted: a `support.exemptWhen` circumstance, DECEASED or NO_PARENT; null for a supporter able to support. */
  exemption: SupportExemption | 'DECEASED' | 'NO_PARENT' | null;
  /** The contribution: `support.per-parent-share.base`/`.raised`, `support.exempt`, `support.deceased`, `support.no-parent-in-household`, or `support.no-record` (0, unverified). */
  support: Figure;
  /** False when the figure rests on no record (`support.no-record`): 0 stands for "unknown", not "earns nothing". */
  verified: boolean;
}

export interface Assessment {
  policy: { regionCode: string; date: string; versions: ResolvedPolicy['versions'] };
  /** Sources that did not answer: the figures and conclusions resting on them are provisional (absent: none missing). */
  missing?: MissingSource[];
  area: 'URBAN' | 'RURAL';
  /** The standards applied (per person per month). */
  standards: { minimumLiving: number; lowIncome: number };
  members: MemberAssessment[];
  supporters: SupporterResult[];
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
  vetoes: FiredVeto[];
  /** One per programme, in PROGRAMMES order. */
  eligibility: ProgrammeConclusion[];
  /** Information circle 1-4, or null when above circle 4. */
  circle: 1 | 2 | 3 | 4 | null;
  needTags: NeedTag[];
  targetGroups: TargetGroup[];
  /** Hardship index (困难指数): group subtotals and every item's score (hardship.ts). */
  hardship: Hardship;
  /** Special groups screened for active discovery (主动发现), in the policy's order. */
  specialGroups: SpecialGroupMatch[];
  /** Four-colour urgency (四色预警): the first colour whose rule holds, null when none. */
  urgency: UrgencyResult | null;
  /** Assistance the household already receives (civil affairs, disability federation, charity, trade union...). */
  currentAssistance: { attribute: string; personId: string; value: number | boolean }[];
}
