import { z } from 'zod';

/** Why the hub may look at a person's data; every attribute lists the purposes that may see it. */
export const PURPOSES = [
  'NEW_APPLICATION',
  'PERIODIC_REVIEW',
  'URGENT_ASSISTANCE',
  'LOW_INCOME_MONITORING',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const SOURCE_KINDS = ['government', 'institution', 'utility', 'bank', 'financial'] as const;

/**
 * Agency families: one connector implementation per family. A family groups the sources that
 * speak the same exchange protocol (all 31 banks answer by ticket, for instance).
 */
export const FAMILIES = [
  'public-security',
  'civil-affairs',
  'hrss',
  'tax',
  'real-estate',
  'housing-fund',
  'market-regulation',
  'medical-insurance',
  'education',
  'courts',
  'natural-resources',
  'housing-construction',
  'finance',
  'establishment',
  'rural-revitalization',
  'disability',
  'charity',
  'trade-union',
  'bank',
  'securities',
  'insurance',
  'utility',
] as const;
export type Family = (typeof FAMILIES)[number];

export const ATTRIBUTE_TYPES = ['MONEY', 'INTEGER', 'DECIMAL', 'BOOLEAN', 'DATE', 'TEXT', 'ENUM'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/**
 * What an attribute means to the means test. The assessment and the sandbox generators read
 * the category, never the code, so adding a bank or a tax item needs no code change.
 */
export const CATEGORIES = [
  'identity.name',
  'identity.sex',
  'identity.birth_date',
  'identity.ethnicity',
  'identity.hukou_type',
  'identity.hukou_region',
  'identity.address',
  'identity.other',
  'status.vital',
  'status.death_date',
  'status.marital',
  'status.disability_grade',
  'status.disability_kind',
  'status.serious_illness',
  'status.student',
  'status.imprisoned',
  'status.public_employee',
  'status.assistance',
  'status.other',
  'income.wage',
  'income.pension',
  'income.unemployment',
  'income.business',
  'income.property',
  'income.interest',
  'income.transfer',
  'income.other',
  // Figures that indicate income without being income (business revenue, contribution base).
  'income.indicator',
  'asset.deposit',
  'asset.wealth_product',
  'asset.fund',
  'asset.securities',
  'asset.insurance',
  'asset.vehicle_count',
  'asset.vehicle_value',
  'asset.property_count',
  'asset.property_area',
  'asset.property_value',
  'asset.business',
  'asset.business_capital',
  'asset.land',
  'asset.housing_fund',
  'asset.other',
  'liability.loan',
  'expense.medical',
  'expense.tuition',
  'expense.pension_contribution',
  'expense.utility',
  'expense.other',
  'activity.transactions',
  'activity.usage',
  'activity.employment',
  'activity.other',
] as const;
export type Category = (typeof CATEGORIES)[number];

const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower snake case');

export const sourceSchema = z.strictObject({
  id: code,
  family: z.enum(FAMILIES),
  kind: z.enum(SOURCE_KINDS),
  zh: z.string().min(1),
  en: z.string().min(1),
  /** `async` sources answer with a ticket that is polled later (banks). */
  protocol: z.enum(['sync', 'async']),
  /** Most persons one upstream call may carry. */
  maxBulk: z.int().positive().max(10_000),
});
export type Source = z.infer<typeof sourceSchema>;

export const attributeSchema = z
  .strictObject({
    /** `<source id>.<item>`: unique over the catalogue. */
    code: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, '<source>.<item> in lower snake case'),
    source: code,
    zh: z.string().min(1),
    en: z.string().min(1),
    type: z.enum(ATTRIBUTE_TYPES),
    /** CNY, CNY/month, CNY/year, m2, mu, count, kWh/month, m3/month, years, percent; null when unitless. */
    unit: z.string().min(1).nullable(),
    /** Allowed values of an ENUM attribute. */
    values: z.array(z.string().min(1)).min(2).optional(),
    category: z.enum(CATEGORIES),
    /** 1 ordinary, 2 internal, 3 sensitive (income, assets), 4 highly sensitive (health, courts, transactions). */
    sensitivity: z.int().min(1).max(4),
    purposes: z.array(z.enum(PURPOSES)).min(1),
  })
  .refine((a) => a.code.startsWith(`${a.source}.`), { message: 'code must start with its source id', path: ['code'] })
  .refine((a) => (a.type === 'ENUM') === (a.values !== undefined), {
    message: 'values are required for ENUM attributes and only for them',
    path: ['values'],
  });
export type Attribute = z.infer<typeof attributeSchema>;

/** One value as an agency gave it; units are the catalogue's. */
export type AttributeValue = string | number | boolean | null;

/** What a source holds about one person: its values and the date they are true of, or no record. */
export type PersonRecord = { found: true; asOf: string; values: Record<string, AttributeValue> } | { found: false };
