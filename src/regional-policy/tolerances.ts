import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * How far a verified figure may exceed the declared one before it is a discrepancy, and how grave
 * a discrepancy of each kind is: dated policy data, so that a region tunes false alarms without
 * code (docs/VERIFICATION.md, Discrepancies).
 */

/** Kinds compared as amounts (declared vs verified), each with a tolerance. */
export const AMOUNT_TOLERANCE_KINDS = [
  'TOTAL_INCOME',
  'WAGE',
  'BUSINESS_INCOME',
  'PENSION',
  'PROPERTY_INCOME',
  'TRANSFER_INCOME',
  'OTHER_INCOME',
  'DEPOSITS',
  'DEPOSITS_PER_BANK',
  'WEALTH_PRODUCTS',
  'FUNDS',
  'SECURITIES',
  'HOUSING_FUND',
  'INSURANCE_CASH_VALUE',
  'BUSINESS_CAPITAL',
  'LAND',
  'VEHICLES',
  'PROPERTIES',
  'BUSINESSES',
] as const;
export type AmountToleranceKind = (typeof AMOUNT_TOLERANCE_KINDS)[number];

/** Member facts checked whatever was declared (employment against a declared zero wage): a severity only. */
export const STATUS_TOLERANCE_KINDS = ['EMPLOYMENT', 'DECEASED', 'IMPRISONED', 'PUBLIC_PAYROLL', 'MOVED_OUT'] as const;
export type StatusToleranceKind = (typeof STATUS_TOLERANCE_KINDS)[number];

export const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export type Severity = (typeof SEVERITIES)[number];

const amountTolerance = z.strictObject({
  /** Verified may exceed declared by up to max(absolute, relative x verified), in the kind's unit. */
  absolute: z.number().finite().nonnegative(),
  relative: z.number().min(0).max(1),
  /** Severity when something was declared and more is held. */
  severity: z.enum(SEVERITIES),
  /** Severity when nothing (0 or not given) was declared and something is held. */
  severityWhenUndeclared: z.enum(SEVERITIES),
});
export type AmountTolerance = z.infer<typeof amountTolerance>;

const statusTolerance = z.strictObject({ severity: z.enum(SEVERITIES) });

/** Every kind must be set (a kind missing is refused naming it). */
export const discrepancyTolerancesSchema = z.strictObject({
  ...(Object.fromEntries(AMOUNT_TOLERANCE_KINDS.map((k) => [k, amountTolerance])) as Record<AmountToleranceKind, typeof amountTolerance>),
  ...(Object.fromEntries(STATUS_TOLERANCE_KINDS.map((k) => [k, statusTolerance])) as Record<StatusToleranceKind, typeof statusTolerance>),
});
export type DiscrepancyTolerances = z.infer<typeof discrepancyTolerancesSchema>;

/** What a version from before `discrepancyTolerances` gets: the shipped seed's section. */
export const TOLERANCE_DEFAULTS: DiscrepancyTolerances = discrepancyTolerancesSchema.parse(
  JSON.parse(readFileSync(new URL('./data/defaults/discrepancy-tolerances-2026.json', import.meta.url), 'utf8')),
);

/** A policy's tolerances, the defaults for a version from before them. */
export function discrepancyTolerances(p: { discrepancyTolerances?: DiscrepancyTolerances | undefined }): DiscrepancyTolerances {
  return p.discrepancyTolerances ?? TOLERANCE_DEFAULTS;
}
