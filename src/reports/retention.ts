import type { Knex } from 'knex';
import { forgetOpened } from './opened.js';

/** A report whose body may be purged: its request, its household's region and when it was made. */
export interface AgedReport {
  id: string;
  requestId: string;
  regionCode: string;
  createdAt: Date;
}

/** Reports made before `before` whose bodies are still kept (pending ones never), oldest first, at most `limit`, after `after` (keyset). */
export async function agedReports(db: Knex, before: Date, after: AgedReport | null, limit: number): Promise<AgedReport[]> {
  const q = db('reports as r');
  if (after) q.whereRaw('(r.created_at, r.id) > (?, ?)', [after.createdAt, after.id]);
  const rows: { id: string; request_id: string; region_code: string; created_at: Date }[] = await q
    .join('households as h', 'h.id', 'r.household_id')
    .whereNull('r.purged_at')
    .whereNot('r.status', 'PENDING')
    .where('r.created_at', '<', before)
    .orderBy([{ column: 'r.created_at' }, { column: 'r.id' }])
    .limit(limit)
    .select('r.id', 'r.request_id', 'h.region_code', 'r.created_at');
  return rows.map((r) => ({ id: r.id, requestId: r.request_id, regionCode: r.region_code, createdAt: r.created_at }));
}

/**
 * Removes the bodies of these reports and of all their earlier versions (the sealed personal data);
 * the rows stay, with their hash, detached signature and `purged_at`, since audit events, batch
 * items and assessments reference them. A purged report reads as not found. Returns how many.
 */
export async function purgeReportBodies(trx: Knex.Transaction, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  // Read without their bodies from now on anyway (findReport checks the row); dropped from memory at once.
  forgetOpened(ids);
  await trx('report_versions').whereIn('report_id', ids).whereNull('purged_at').update({ body_sealed: null, purged_at: trx.fn.now() });
  return trx('reports').whereIn('id', ids).whereNull('purged_at').update({ body_sealed: null, purged_at: trx.fn.now() });
}
