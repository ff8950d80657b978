import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { idNumberHash, openText, personField, sealText } from '../data-protection/index.js';
import { withWrites } from '../db/index.js';

export interface PersonFacts {
  idNumber: string;
  name: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
}

export interface MemberFacts extends PersonFacts {
  relation: string;
}

/**
 * Records the persons (by resident ID number) and returns their ids. A known person keeps the
 * name first recorded: a caller's typing (or a refused request) never renames anyone; the name
 * that counts is the one public security returns in a report. Stored sealed (src/data-protection),
 * found by the keyed hash of the ID number.
 */
export async function upsertPersons(trx: Knex.Transaction, persons: readonly PersonFacts[]): Promise<Map<string, string>> {
  if (persons.length === 0) return new Map();
  const unique = [...new Map(persons.map((p) => [p.idNumber, p])).values()];
  const hashes = unique.map((p) => idNumberHash(trx, p.idNumber));
  const numberOf = new Map(unique.map((p, i) => [hashes[i]!.toString('hex'), p.idNumber]));
  // One statement: the rows inserted and the rows already there (the SELECT sees the statement's
  // snapshot, which the inserted rows are not in, so nobody is listed twice).
  const inserted = trx('persons').insert(unique.map((p) => sealedPerson(trx, randomUUID(), p))).onConflict('id_number_hmac').ignore().returning(['id', 'id_number_hmac']);
  const saved: { id: string; id_number_hmac: Buffer }[] = await trx.with('inserted', inserted).select('id', 'id_number_hmac').from('inserted').unionAll(trx('persons').whereIn('id_number_hmac', hashes).select('id', 'id_number_hmac'));
  const ids = new Map(saved.map((r) => [numberOf.get(r.id_number_hmac.toString('hex'))!, r.id]));
  // A person another transaction recorded after this statement's snapshot was taken (the insert
  // waited for it and skipped): read once more, in a snapshot that sees it.
  const missing = hashes.filter((h) => !ids.has(numberOf.get(h.toString('hex'))!));
  if (missing.length > 0) {
    for (const r of (await trx('persons').whereIn('id_number_hmac', missing).select('id', 'id_number_hmac')) as typeof saved) ids.set(numberOf.get(r.id_number_hmac.toString('hex'))!, r.id);
  }
  return ids;
}

/** A person's row: the look-up hash and the sealed number, name and birth date, each bound to the row's id. */
function sealedPerson(db: Knex, id: string, p: Omit<PersonFacts, 'sex'>): Record<string, unknown> {
  const f = (column: 'id_number' | 'name' | 'birth_date') => personField(id, column);
  return {
    id,
    id_number_hmac: idNumberHash(db, p.idNumber),
    id_number_sealed: sealText(db, f('id_number'), p.idNumber),
    name_sealed: sealText(db, f('name'), p.name),
    birth_date_sealed: sealText(db, f('birth_date'), p.birthDate),
    ...('sex' in p ? { sex: p.sex } : {}),
  };
}

/** The ID number of a stored person, opened. */
export function personIdNumber(db: Knex, row: { id: string; id_number_sealed: Buffer }): string {
  return openText(db, personField(row.id, 'id_number'), row.id_number_sealed);
}

/** The persons whose ID number is one of these: `id_number_hmac IN (...)` for a query builder. */
export function idNumberHashes(db: Knex, idNumbers: readonly string[]): Buffer[] {
  return idNumbers.map((n) => idNumberHash(db, n));
}

/**
 * Persons stored before encryption at rest (migration 017): sealed in place and their plaintext
 * removed, a thousand at a time, at the hub's start (migrations cannot see the key-encryption key).
 */
export async function sealLegacyPersons(db: Knex): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (trx) => {
      const rows: { id: string; id_number: string; name: string; birth_date: string }[] = await trx('persons').whereNotNull('id_number').forUpdate().skipLocked().limit(1000).select('id', 'id_number', 'name', 'birth_date');
      for (const r of rows) {
        await trx('persons').where({ id: r.id }).update({ ...sealedPerson(trx, r.id, { idNumber: r.id_number, name: r.name, birthDate: r.birth_date }), id_number: null, name: null, birth_date: null });
      }
      return rows.length;
    });
    sealed += n;
    if (n === 0) return sealed;
  }
}

/**
 * Records a household as the assistance system knows it (region + its own reference) with its
 * current members, in one statement: membership is replaced (reports keep the membership they
 * were made with). Returns its id and its persons' ids.
 * `known`: person ids already recorded in this verification (its access), so they are not upserted again.
 */
export async function saveHousehold(
  trx: Knex.Transaction,
  household: HouseholdFacts,
  known?: ReadonlyMap<string, string>,
): Promise<{ householdId: string; personIds: Map<string, string> }> {
  const personIds = known && household.members.every((m) => known.has(m.idNumber)) ? new Map(known) : await upsertPersons(trx, household.members);
  const row: { id: string } | undefined = await withWrites(trx.queryBuilder(), householdWrites(trx, household, personIds)).first('id').from(HOUSEHOLD_WRITE);
  if (row === undefined) throw new Error('saveHousehold: the household upsert returned no row');
  return { householdId: row.id, personIds };
}

export interface HouseholdFacts {
  regionCode: string;
  externalRef: string;
  members: readonly MemberFacts[];
}

/** The name of the write in householdWrites whose row (`id`) is the household's. */
export const HOUSEHOLD_WRITE = 'household';

/**
 * The writes that record a household and replace its membership, as data-modifying CTEs for one
 * statement (saveHousehold, or a statement that also appends the audit event of the look-up);
 * `personIds` holds every member's recorded person id.
 */
export function householdWrites(db: Knex, household: HouseholdFacts, personIds: ReadonlyMap<string, string>): [string, Knex.Raw][] {
  return [
    [
      HOUSEHOLD_WRITE,
      db.raw('INSERT INTO households (region_code, external_ref) VALUES (?, ?) ON CONFLICT (region_code, external_ref) DO UPDATE SET region_code = excluded.region_code RETURNING id', [household.regionCode, household.externalRef]),
    ],
    ['members', db.raw('SELECT * FROM unnest(?::uuid[], ?::text[]) AS m(person_id, relation)', [household.members.map((m) => personIds.get(m.idNumber)!), household.members.map((m) => m.relation)])],
    ['gone', db.raw('DELETE FROM household_members d USING household h WHERE d.household_id = h.id AND d.person_id NOT IN (SELECT person_id FROM members) RETURNING d.person_id')],
    [
      'membership',
      db.raw(
        `INSERT INTO household_members (household_id, person_id, relation) SELECT h.id, m.person_id, m.relation FROM household h, members m
         ON CONFLICT (household_id, person_id) DO UPDATE SET relation = excluded.relation RETURNING household_id`,
      ),
    ],
  ];
}
