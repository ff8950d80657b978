import type { Knex } from 'knex';

/** A person named only in refused requests: when and where (the event's region) they were last named. */
export interface RefusedOnlyPerson {
  id: string;
  regionCode: string | null;
  lastNamedAt: Date;
}

/**
 * The tables and columns that reference a person (foreign keys), read from the catalogue so that a
 * later table referencing persons keeps its persons out of the purge without a change here.
 */
async function referencingColumns(db: Knex): Promise<{ tbl: string; col: string }[]> {
  const { rows } = await db.raw<{ rows: { tbl: string; col: string }[] }>(
    `SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.confrelid = 'persons'::regclass`,
  );
  return rows;
}

/**
 * Persons the hub holds only because a refused request named them (issue 14: "kept forever,
 * including persons named only in refused requests"): no table references them (no household,
 * consent, change or actor), no audit event naming them belongs to a stored report, and the last
 * event naming them is older than `namedBefore`. Oldest first, at most `limit`, after `after` (keyset).
 */
export async function refusedOnlyPersons(db: Knex, namedBefore: Date, after: RefusedOnlyPerson | null, limit: number): Promise<RefusedOnlyPerson[]> {
  const q = db('persons as p')
    .joinRaw('CROSS JOIN LATERAL (SELECT e.region_code, e.occurred_at FROM audit_events e WHERE e.subject_ids @> ARRAY[p.id] ORDER BY e.seq DESC LIMIT 1) AS last')
    .whereNotNull('p.id_number_sealed')
    .where('last.occurred_at', '<', namedBefore)
    .whereNotExists(db('audit_events as r').whereRaw('r.subject_ids @> ARRAY[p.id]').whereNotNull('r.report_id').select(db.raw('1')));
  if (after) q.whereRaw('(last.occurred_at, p.id) > (?, ?)', [after.lastNamedAt, after.id]);
  for (const { tbl, col } of await referencingColumns(db)) q.whereNotExists(db.select(db.raw('1')).from(tbl).whereRaw('?? = p.id', [`${tbl}.${col}`]));
  const rows: { id: string; region_code: string | null; occurred_at: Date }[] = await q.orderBy([{ column: 'last.occurred_at' }, { column: 'p.id' }]).limit(limit).select('p.id', 'last.region_code', 'last.occurred_at');
  return rows.map((r) => ({ id: r.id, regionCode: r.region_code, lastNamedAt: r.occurred_at }));
}

/**
 * Removes these persons (their sealed number, name and birth date with the row). Audit events keep
 * the person's id in their subjects, which then names nobody. A person who became part of a stored
 * report since they were listed (a supporter has no other row that refers to them) is kept; the
 * tables that refer to a person stop the delete by their foreign keys. Returns the ids removed.
 */
export async function deletePersons(trx: Knex.Transaction, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const removed: { id: string }[] = await trx('persons as p')
    .whereIn('p.id', ids)
    .whereNotExists(trx('audit_events as r').whereRaw('r.subject_ids @> ARRAY[p.id]').whereNotNull('r.report_id').select(trx.raw('1')))
    .delete()
    .returning('p.id');
  return removed.map((r) => r.id);
}
