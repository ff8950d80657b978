import type { Knex } from 'knex';
import { HubError } from '../errors/index.js';
import { findRegion, isWithinJurisdiction, jurisdictionPrefix } from '../regions/index.js';
import { isRealDay } from '../validation/index.js';

/** How long personal data is kept, for a region (and the regions inside it) or everywhere (`regionCode` null), from a day on. */
export interface RetentionPolicy {
  id: number;
  regionCode: string | null;
  effectiveFrom: string;
  /** Days a person named only in refused requests is kept after the last request naming them. */
  refusedPersonDays: number;
  /** Days a report's body (and its declaration, batch input and change details) is kept after it was made. */
  reportDays: number;
  /** Where the periods come from (the legal text, or why a default). */
  basis: string;
}

interface PolicyRow {
  id: number;
  region_code: string | null;
  effective_from: string;
  refused_person_days: number;
  report_days: number;
  basis: string;
}

/** The policies in force on `day` (YYYY-MM-DD): for each scope, the version with the latest start on or before it. */
export async function policiesInForce(db: Knex, day: string): Promise<RetentionPolicy[]> {
  const { rows } = await db.raw<{ rows: PolicyRow[] }>(
    `SELECT DISTINCT ON (coalesce(region_code, '')) id, region_code, effective_from, refused_person_days, report_days, basis
       FROM retention_policies WHERE effective_from <= ?::date
      ORDER BY coalesce(region_code, ''), effective_from DESC`,
    [day],
  );
  return rows.map((r) => ({ id: r.id, regionCode: r.region_code, effectiveFrom: r.effective_from, refusedPersonDays: r.refused_person_days, reportDays: r.report_days, basis: r.basis }));
}

/**
 * The policy for data of a region: the one of the smallest region containing it, else the global
 * one. Data without a region (a refusal before the region was read) falls under the global policy.
 */
export function policyFor(policies: readonly RetentionPolicy[], regionCode: string | null): RetentionPolicy {
  const containing = policies.filter((p) => p.regionCode !== null && regionCode !== null && isWithinJurisdiction(p.regionCode, regionCode));
  const best = containing.sort((a, b) => jurisdictionPrefix(b.regionCode!).length - jurisdictionPrefix(a.regionCode!).length)[0];
  const found = best ?? policies.find((p) => p.regionCode === null);
  // Migration 017 seeds a global policy; without one nothing is purged blindly.
  if (!found) throw new Error('retention_policies: no global policy in force');
  return found;
}

/** Adds a dated version of a region's (or the global) policy; the newest started one is in force. */
export async function saveRetentionPolicy(db: Knex, p: Omit<RetentionPolicy, 'id'>): Promise<number> {
  if (p.regionCode !== null && !findRegion(p.regionCode)) throw new HubError('BAD_USER_INPUT', `regionCode: ${p.regionCode} is not a known region`, { field: 'regionCode' });
  if (!isRealDay(p.effectiveFrom)) throw new HubError('BAD_USER_INPUT', 'effectiveFrom: a day as YYYY-MM-DD', { field: 'effectiveFrom' });
  for (const [field, days] of [['refusedPersonDays', p.refusedPersonDays], ['reportDays', p.reportDays]] as const) {
    if (!Number.isInteger(days) || days < 1) throw new HubError('BAD_USER_INPUT', `${field}: a whole number of days, at least 1`, { field });
  }
  const [row] = await db('retention_policies')
    .insert({ region_code: p.regionCode, effective_from: p.effectiveFrom, refused_person_days: p.refusedPersonDays, report_days: p.reportDays, basis: p.basis })
    .returning('id');
  return Number(row.id);
}
