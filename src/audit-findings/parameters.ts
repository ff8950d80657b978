import type { Knex } from 'knex';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { requireJurisdiction } from '../policy/index.js';
import { ancestry } from '../regions/index.js';
import { isRealDay } from '../validation/index.js';
import { FINDING_DEFAULTS, findingParametersOverrideSchema, findingParametersSchema, type FindingParameters, type FindingParametersOverride } from './model.js';

interface VersionRow {
  region_code: string | null;
  parameters: FindingParametersOverride;
}

/** The default with each override's sections laid over it, broadest first. */
function merged(overrides: readonly FindingParametersOverride[]): FindingParameters {
  const out = structuredClone(FINDING_DEFAULTS.parameters);
  for (const o of overrides) {
    for (const [section, fields] of Object.entries(o) as [keyof FindingParameters, Record<string, unknown> | undefined][]) {
      if (fields) Object.assign(out[section], fields);
    }
  }
  return findingParametersSchema.parse(out);
}

/**
 * The thresholds in force for a region on a day (YYYY-MM-DD): the hub's default, then the
 * national version, then the province's, city's and county's latest version on or before that day.
 * `region` null (an event about no household): the national thresholds.
 */
export async function findingParameters(db: Knex, region: string | null, day: string): Promise<FindingParameters> {
  const chain = region ? ancestry(region).map((r) => r.code) : [];
  if (region && !chain.includes(region)) chain.push(region);
  const rows: VersionRow[] = await db('audit_finding_parameters')
    .distinctOn('region_code')
    .where((q) => {
      q.whereNull('region_code');
      if (chain.length > 0) q.orWhereIn('region_code', chain);
    })
    .where('effective_from', '<=', day)
    .orderBy([{ column: 'region_code', order: 'asc', nulls: 'first' }, { column: 'effective_from', order: 'desc' }])
    .select('region_code', 'parameters');
  const rank = (r: VersionRow) => (r.region_code === null ? -1 : chain.indexOf(r.region_code));
  return merged(rows.sort((a, b) => rank(a) - rank(b)).map((r) => r.parameters));
}

/** Resolves thresholds once per (region, day) within one run. */
export function parameterCache(db: Knex): (region: string | null, day: string) => Promise<FindingParameters> {
  const cache = new Map<string, Promise<FindingParameters>>();
  return (region, day) => {
    const key = `${region ?? ''}|${day}`;
    let found = cache.get(key);
    if (!found) {
      found = findingParameters(db, region, day);
      cache.set(key, found);
    }
    return found;
  };
}

/**
 * Saves a version of the thresholds (admin): for a region, or nationally (`regionCode` null), from
 * a day, with its audit event in the same transaction. A later save for the same region and day
 * replaces it. Refused naming the field.
 */
export async function saveFindingParameters(db: Knex, caller: Caller, input: { regionCode: string | null; effectiveFrom: string; parameters: unknown }, action = 'audit.finding-parameters'): Promise<void> {
  // A region's admin tunes the thresholds of their jurisdiction; the national version is the platform's.
  if (input.regionCode !== null) requireJurisdiction(caller, input.regionCode, 'regionCode');
  else if (!caller.roles.includes('platform-admin')) throw new HubError('FORBIDDEN', 'regionCode: the national thresholds are saved by a platform-admin; name a region inside your jurisdiction', { field: 'regionCode' });
  if (!isRealDay(input.effectiveFrom)) throw new HubError('BAD_USER_INPUT', 'effectiveFrom: a day YYYY-MM-DD', { field: 'effectiveFrom' });
  const parsed = findingParametersOverrideSchema.safeParse(input.parameters);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['parameters', ...issue.path.map(String)].join('.');
    throw new HubError('BAD_USER_INPUT', `${field}: ${issue.message}`, { field });
  }
  // The merged result must still hold: a pattern that does not compile is refused now, not at the next run.
  merged([parsed.data]);
  const pattern = parsed.data.application?.placeholderPattern;
  if (pattern !== undefined) compilePattern(pattern, 'parameters.application.placeholderPattern');
  await inTransaction(db, async (trx) => {
    await trx.raw(
      `INSERT INTO audit_finding_parameters (region_code, effective_from, parameters, created_by) VALUES (?, ?, ?::jsonb, ?)
       ON CONFLICT (region_code, effective_from) DO UPDATE SET parameters = excluded.parameters, created_by = excluded.created_by, created_at = now()`,
      [input.regionCode, input.effectiveFrom, JSON.stringify(parsed.data), caller.sub],
    );
    await appendAuditEvents(trx, [{ action, outcome: 'ALLOWED', actor: caller, regionCode: input.regionCode, details: { effectiveFrom: input.effectiveFrom, parameters: parsed.data } }]);
  });
}

/** The placeholder pattern as a case-insensitive regular expression. */
export function compilePattern(pattern: string, field: string): RegExp {
  try {
    return new RegExp(pattern, 'iu');
  } catch {
    throw new HubError('BAD_USER_INPUT', `${field}: not a regular expression`, { field });
  }
}
