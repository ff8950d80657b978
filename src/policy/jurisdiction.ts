import type { Knex } from 'knex';
import type { Caller } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import { findRegion, isWithinJurisdiction, jurisdictionPrefix } from '../regions/index.js';

/*
 * The one place that decides whether something lies inside a caller's jurisdiction: a county sees
 * its county, a city its counties, a province its cities (codes nest by prefix, GB/T 2260; the
 * prefix arithmetic is src/regions'). In memory and in SQL alike.
 */

/** Throws BAD_USER_INPUT unless `regionCode` is a known 6-digit region. */
export function requireKnownRegion(regionCode: string, field: string): void {
  // Only known 6-digit codes: a longer or unknown code could pass the prefix test and widen the scope.
  if (!/^\d{6}$/.test(regionCode) || !findRegion(regionCode)) {
    throw new HubError('BAD_USER_INPUT', `${field}: unknown region code ${JSON.stringify(regionCode)}`, { field });
  }
}

/** Whether `regionCode` (of a household, or an organisation) lies inside the caller's jurisdiction. */
export function inJurisdiction(caller: Caller, regionCode: string): boolean {
  return isWithinJurisdiction(caller.org, regionCode);
}

/** Throws unless `regionCode` is a known region inside the caller's jurisdiction. */
export function requireJurisdiction(caller: Caller, regionCode: string, field: string): void {
  requireKnownRegion(regionCode, field);
  if (!inJurisdiction(caller, regionCode)) {
    throw new HubError('OUT_OF_JURISDICTION', `region ${regionCode} is outside the jurisdiction of organisation region ${caller.org}`, { field });
  }
}

/**
 * The SQL LIKE pattern matching the region codes inside the jurisdiction of `region` (for joins
 * that match many jurisdictions at once; a single filter uses `regionFilter`).
 */
export function jurisdictionPattern(region: string): string {
  const prefix = jurisdictionPrefix(region);
  // Digits only: the prefix goes into LIKE, where % and _ would widen the match.
  if (!/^\d{1,6}$/.test(prefix)) throw new Error(`jurisdictionPattern: a region code has up to 6 digits, got ${JSON.stringify(region)}`);
  return `${prefix}%`;
}

/**
 * A knex `where` callback keeping rows whose region column (any of `columns`) lies inside the
 * jurisdiction of `region` (a caller's org, or a region already checked against it).
 */
export function regionFilter(region: string, ...columns: [string, ...string[]]): (qb: Knex.QueryBuilder) => void {
  const pattern = jurisdictionPattern(region);
  return (qb) => {
    for (const column of columns) qb.orWhere(column, 'like', pattern);
  };
}
