import { readdirSync, readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { z } from 'zod';
import { deepFreeze } from '../deep-freeze.js';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import type { ResolvedPolicy } from './model.js';
import { HubError } from '../errors/index.js';
import { ancestry, findRegion } from '../regions/index.js';
import { policyOverrideSchema, policyParametersSchema, type PolicyOverride, type PolicyVersion } from './model.js';
import { currentPolicyIssue } from './programmes.js';
import { inTransaction } from '../db/index.js';
import { isRealDay, parseDay } from '../validation/index.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A policy document as shipped in `data/` (and as an admin submits it). */
const documentSchema = z.strictObject({
  regionCode: z.string().regex(/^\d{6}$/),
  effectiveFrom: z.string().regex(DATE),
  about: z.string().optional(),
  parameters: policyOverrideSchema,
});

const DATA = new URL('./data/', import.meta.url);

function issuePath(issue: z.core.$ZodIssue): string {
  return ['parameters', ...issue.path.map(String)].join('.');
}

interface Row {
  id: string;
  region_code: string;
  effective_from: string;
  parameters: PolicyOverride;
  about: string | null;
  created_by: string;
  created_at: Date;
}

function toVersion(r: Row): PolicyVersion {
  return { id: r.id, regionCode: r.region_code, effectiveFrom: r.effective_from, parameters: r.parameters, createdAt: r.created_at.toISOString(), createdBy: r.created_by };
}

/**
 * Loads the shipped policy documents into `policy_versions`. Shipped versions are reference data
 * that follow the hub's release (as the catalogue does): a seeded row whose file changed is
 * updated, so a database from an earlier release gets the sections its rules need. A version an
 * administrator saved for the same region and date is never overwritten. Returns the rows written.
 */
export async function seedPolicies(db: Knex, dataDir: URL = DATA): Promise<number> {
  const docs = readdirSync(dataDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = documentSchema.safeParse(JSON.parse(readFileSync(new URL(f, dataDir), 'utf8')));
      if (!parsed.success) throw new Error(`policy file ${f}: ${issuePath(parsed.error.issues[0]!)}: ${parsed.error.issues[0]!.message}`);
      return parsed.data;
    });
  if (docs.length === 0) return 0;
  const inserted = await db('policy_versions')
    .insert(docs.map((d) => ({ region_code: d.regionCode, effective_from: d.effectiveFrom, parameters: d.parameters, about: d.about ?? null, created_by: 'seed' })))
    .onConflict(['region_code', 'effective_from'])
    .merge(['parameters', 'about'])
    .where('policy_versions.created_by', 'seed')
    .whereRaw('(policy_versions.parameters, policy_versions.about) IS DISTINCT FROM (excluded.parameters, excluded.about)')
    .returning('id');
  if (inserted.length > 0) mergedPolicies.clear();
  return inserted.length;
}

/** A version as found in force: which one, without its parameters. */
type VersionKey = Pick<Row, 'id' | 'region_code'>;

/**
 * The versions in force for `regionCode` on `date`: the latest one of each ancestor region,
 * province first. Their ids only: a province's parameters are 41 KB of JSON, and every
 * verification of the region on a day merges the same versions (mergedPolicies).
 */
async function versionsInForce(db: Knex, regionCode: string, date: string): Promise<VersionKey[]> {
  const chain = ancestry(regionCode).map((r) => r.code);
  if (!chain.includes(regionCode)) chain.push(regionCode);
  const rows: VersionKey[] = await db('policy_versions')
    .distinctOn('region_code')
    .whereIn('region_code', chain)
    .where('effective_from', '<=', date)
    .orderBy([{ column: 'region_code' }, { column: 'effective_from', order: 'desc' }])
    .select('id', 'region_code');
  return rows.sort((a, b) => chain.indexOf(a.region_code) - chain.indexOf(b.region_code));
}

/**
 * Merged policies by region, date and version ids. A version is never edited once saved (a seeded
 * one only by seedPolicies at start-up, which empties this), so the same ids always merge to the
 * same policy: every verification of a region on a day needs the same one, and validating it is
 * the costly part. Frozen, as it is shared.
 */
const mergedPolicies = new Map<string, ResolvedPolicy>();
const MERGED_POLICIES_KEPT = 256;

const mergedKey = (regionCode: string, date: string, ids: readonly string[]): string => `${regionCode}|${date}|${ids.join(',')}`;

/** Merges versions province first (`versions` in that order): a region's sections replace its ancestors' sections. */
async function merge(db: Knex, regionCode: string, date: string, versions: readonly Pick<Row, 'id'>[]): Promise<ResolvedPolicy> {
  const ids = versions.map((v) => v.id);
  const key = mergedKey(regionCode, date, ids);
  const known = mergedPolicies.get(key);
  if (known) return known;
  const rows: Row[] = ids.length === 0 ? [] : await db('policy_versions').whereIn('id', ids).select('*');
  const policy = deepFreeze(mergeRows(regionCode, date, rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))));
  if (mergedPolicies.size >= MERGED_POLICIES_KEPT) mergedPolicies.delete(mergedPolicies.keys().next().value!);
  mergedPolicies.set(key, policy);
  return policy;
}

function mergeRows(regionCode: string, date: string, rows: Row[]): ResolvedPolicy {
  const merged: PolicyOverride = {};
  for (const r of rows) Object.assign(merged, r.parameters);
  const complete = policyParametersSchema.safeParse(merged);
  if (!complete.success) {
    const missing = [...new Set(complete.error.issues.map((i) => String(i.path[0])))];
    throw new HubError('NO_POLICY', `no complete means-test policy for region ${regionCode} on ${date}: ${rows.length === 0 ? 'no version in force' : `missing or invalid ${missing.join(', ')}`}`, { regionCode, date });
  }
  return { regionCode, date, versions: rows.map((r) => ({ effectiveFrom: r.effective_from, id: r.id, regionCode: r.region_code })), parameters: complete.data };
}

/** The policy in force for a region on a date; NO_POLICY names the region and the date otherwise. */
export async function resolvePolicy(db: Knex, regionCode: string, date: string): Promise<ResolvedPolicy> {
  parseDay(date, 'date');
  if (!findRegion(regionCode)) throw new HubError('BAD_USER_INPUT', `unknown region code ${JSON.stringify(regionCode)}`, { field: 'regionCode' });
  return merge(db, regionCode, date, await versionsInForce(db, regionCode, date));
}

/** The policy a report recorded, rebuilt from the same version ids: re-assessment gives the same result. */
export async function policyFromVersions(db: Knex, policy: Pick<ResolvedPolicy, 'regionCode' | 'date' | 'versions'>): Promise<ResolvedPolicy> {
  return merge(db, policy.regionCode, policy.date, policy.versions);
}

export async function listPolicyVersions(db: Knex, regionCode: string): Promise<PolicyVersion[]> {
  const rows: Row[] = await db('policy_versions').where({ region_code: regionCode }).orderBy('effective_from', 'desc').select('*');
  return rows.map(toVersion);
}

/**
 * Stores a new dated version for a region (admins, within their jurisdiction). The document must
 * parse, and the region's merged policy on that date must be complete; audited with the change.
 */
export async function savePolicy(db: Knex, caller: Caller, input: { regionCode: string; effectiveFrom: string; about?: string | null; parameters: unknown }): Promise<PolicyVersion> {
  if (!findRegion(input.regionCode)) throw new HubError('BAD_USER_INPUT', `regionCode: unknown region code ${JSON.stringify(input.regionCode)}`, { field: 'regionCode' });
  if (!isRealDay(input.effectiveFrom)) {
    throw new HubError('BAD_USER_INPUT', `effectiveFrom: must be a date YYYY-MM-DD, got ${JSON.stringify(input.effectiveFrom)}`, { field: 'effectiveFrom' });
  }
  const parsed = policyOverrideSchema.safeParse(input.parameters);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HubError('BAD_USER_INPUT', `${issuePath(issue)}: ${issue.message}`, { field: issuePath(issue) });
  }
  return inTransaction(db, async (trx) => {
    const existing = await trx('policy_versions').where({ region_code: input.regionCode, effective_from: input.effectiveFrom }).first('id');
    if (existing) {
      throw new HubError('BAD_USER_INPUT', `effectiveFrom: region ${input.regionCode} already has a version from ${input.effectiveFrom}; versions are never edited, add one with a later date`, { field: 'effectiveFrom' });
    }
    const [row]: Row[] = await trx('policy_versions')
      .insert({ region_code: input.regionCode, effective_from: input.effectiveFrom, parameters: parsed.data, about: input.about ?? null, created_by: caller.sub })
      .returning('*');
    // The region must have a complete policy with this version in force, with every section a new version needs.
    const resolved = await merge(trx, input.regionCode, input.effectiveFrom, await versionsInForce(trx, input.regionCode, input.effectiveFrom));
    const issue = currentPolicyIssue(resolved.parameters);
    if (issue) throw new HubError('BAD_USER_INPUT', `parameters.${issue.field}: ${issue.message}`, { field: `parameters.${issue.field}` });
    await appendAuditEvents(trx, [
      { action: 'policy.save', outcome: 'ALLOWED', actor: caller, regionCode: input.regionCode, details: { policyVersion: row!.id, effectiveFrom: input.effectiveFrom, sections: Object.keys(parsed.data).sort() } },
    ]);
    return toVersion(row!);
  });
}
