import type { Knex } from 'knex';
import { sealJson, type SealedField } from '../data-protection/index.js';

/** Where a request's declaration belongs: sealed (ID numbers and declared amounts) and bound to the request. */
export const declaredField = (requestId: string): SealedField => ({ table: 'verification_requests', column: 'declared', row: requestId });

/** Removes the declarations of these requests (their reports' retention period is over). */
export async function purgeDeclarations(trx: Knex.Transaction, requestIds: readonly string[]): Promise<number> {
  if (requestIds.length === 0) return 0;
  return trx('verification_requests').whereIn('id', requestIds).whereNotNull('declared_sealed').update({ declared_sealed: null });
}

/** Declarations stored before encryption at rest (migration 017), sealed in place at the hub's start. */
export async function sealLegacyDeclarations(db: Knex): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction(async (trx) => {
      const rows: { id: string; declared: unknown }[] = await trx('verification_requests').whereNotNull('declared').forNoKeyUpdate().skipLocked().limit(500).select('id', 'declared');
      for (const r of rows) await trx('verification_requests').where({ id: r.id }).update({ declared_sealed: sealJson(trx, declaredField(r.id), r.declared), declared: null });
      return rows.length;
    });
    sealed += n;
    if (n === 0) return sealed;
  }
}
