import type { Knex } from 'knex';
import type { Caller } from '../auth/index.js';
import { inJurisdiction, regionFilter } from '../policy/index.js';
import { openReportBody } from '../reports/index.js';
import { idNumberHashes, personIdNumber } from './store.js';

/** A household as the API shows it: the assistance system's reference within a region. */
export interface HouseholdRef {
  id: string;
  regionCode: string;
  externalRef: string;
}

/** A person known to the hub, by id and full ID number (the API masks it). */
export interface PersonRef {
  id: string;
  idNumber: string;
}

/** One verification of a household, as its history lists it. */
export interface HistoryEntry {
  reportId: string;
  createdAt: string;
  purpose: string;
  status: string;
  circle: number | null;
  hardshipIndex: number | null;
  undeclaredItemsFound: boolean;
}

/** The household, if the caller's jurisdiction holds it (a federation reference outside it reads as null). */
export async function visibleHousehold(db: Knex, caller: Caller, id: string): Promise<HouseholdRef | null> {
  const row: { id: string; region_code: string; external_ref: string } | undefined = await db('households').where({ id }).first('id', 'region_code', 'external_ref');
  if (!row || !inJurisdiction(caller, row.region_code)) return null;
  return { id: row.id, regionCode: row.region_code, externalRef: row.external_ref };
}

/** The person, if one of the person's households lies in the caller's jurisdiction. */
export async function visiblePerson(db: Knex, caller: Caller, id: string): Promise<PersonRef | null> {
  const row: { id: string; id_number_sealed: Buffer } | undefined = await db('persons as p')
    .join('household_members as m', 'm.person_id', 'p.id')
    .join('households as h', 'h.id', 'm.household_id')
    .where('p.id', id)
    .where(regionFilter(caller.org, 'h.region_code'))
    .first('p.id', 'p.id_number_sealed');
  return row ? { id: row.id, idNumber: personIdNumber(db, row) } : null;
}

/** External references of households by id (ids not found are left out). */
export async function externalRefs(db: Knex, householdIds: readonly string[]): Promise<Map<string, string>> {
  const rows: { id: string; external_ref: string }[] = await db('households').whereIn('id', [...new Set(householdIds)]).select('id', 'external_ref');
  return new Map(rows.map((h) => [h.id, h.external_ref]));
}

/** ID numbers of persons by id (ids not found are left out). */
export async function idNumbers(db: Knex, personIds: readonly string[]): Promise<Map<string, string>> {
  const rows: { id: string; id_number_sealed: Buffer | null }[] = await db('persons').whereIn('id', [...new Set(personIds)]).select('id', 'id_number_sealed');
  // A person purged under the retention policy has no number left.
  return new Map(rows.flatMap((p) => (p.id_number_sealed ? [[p.id, personIdNumber(db, { id: p.id, id_number_sealed: p.id_number_sealed })] as const] : [])));
}

/** Every verification of the household, newest first, read from the stored report bodies (opened; purged ones left out). */
export async function reportHistory(db: Knex, householdId: string): Promise<HistoryEntry[]> {
  const rows: { id: string; revision: number; body_sealed: Buffer; created_at: Date; status: string }[] = await db('reports')
    .where({ household_id: householdId })
    .whereNotNull('body_sealed')
    .orderBy('created_at', 'desc')
    .select('id', 'revision', 'body_sealed', 'created_at', 'status');
  return rows.map((r) => {
    const body = openReportBody(db, r);
    return {
      reportId: r.id,
      createdAt: r.created_at.toISOString(),
      purpose: body.purpose,
      status: r.status,
      circle: body.assessment?.circle ?? null,
      hardshipIndex: body.assessment?.hardship?.index ?? null,
      undeclaredItemsFound: body.discrepancies.length > 0,
    };
  });
}

/** What the console's household search asks for: one of them (an ID number is searched by its keyed hash, never in clear). */
export interface HouseholdSearch {
  idNumber?: string | null;
  externalRef?: string | null;
}

/** Most households one search returns (a reference shared by many regions of a province). */
const MAX_SEARCH_RESULTS = 50;

/**
 * Households in the caller's jurisdiction that have a current member with this ID number, or whose
 * assistance-system reference is this one; by region and reference. Outside the jurisdiction a
 * household is simply not found (its existence elsewhere is not told).
 */
export async function searchHouseholds(db: Knex, caller: Caller, search: HouseholdSearch): Promise<HouseholdRef[]> {
  const q = db('households as h').where(regionFilter(caller.org, 'h.region_code')).orderBy(['h.region_code', 'h.external_ref']).limit(MAX_SEARCH_RESULTS).distinct('h.id', 'h.region_code', 'h.external_ref');
  if (search.idNumber) {
    q.whereIn('h.id', db('household_members as m').join('persons as p', 'p.id', 'm.person_id').whereIn('p.id_number_hmac', idNumberHashes(db, [search.idNumber])).select('m.household_id'));
  }
  if (search.externalRef) q.where('h.external_ref', search.externalRef);
  const rows: { id: string; region_code: string; external_ref: string }[] = await q;
  return rows.map((r) => ({ id: r.id, regionCode: r.region_code, externalRef: r.external_ref }));
}
