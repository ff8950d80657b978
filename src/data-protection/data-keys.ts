import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { ConfigError } from '../errors/index.js';
import { unwrapKey, wrapKey, type DataKeyRing } from './cipher.js';
import type { Kek } from './kek.js';

/** `data` keys seal values; the one `lookup` key hashes ID numbers for the look-up column. */
type Purpose = 'data' | 'lookup';

interface KeyRow {
  id: number;
  purpose: Purpose;
  wrapped: Buffer;
  retired_at: Date | null;
}

/** Key rows change under one advisory lock: hubs starting at once make one key, not two. */
const lockKeys = (trx: Knex.Transaction) => trx.raw("SELECT pg_advisory_xact_lock(hashtext('data_keys'))");

async function addKey(trx: Knex.Transaction, kek: Kek, purpose: Purpose): Promise<void> {
  await trx('data_keys').insert({ purpose, wrapped: wrapKey(kek.key, purpose, randomBytes(32)) });
}

function unwrapped(kek: Kek, row: KeyRow): Buffer {
  const key = unwrapKey(kek.key, row.purpose, row.wrapped);
  // The wrong key-encryption key: stop here rather than write values nobody could read back.
  if (!key) throw new ConfigError([`${kek.from}: does not unwrap ${row.purpose} key ${row.id} of this database; it is not the key-encryption key the data keys were wrapped with (docs/AUDIT.md, rotation)`]);
  return key;
}

/**
 * The database's data keys, unwrapped with the key-encryption key; a data key and a look-up key are
 * made (wrapped) on first start. Refuses (ConfigError naming the key's variable) a KEK that does not
 * unwrap every stored key.
 */
export async function openDataKeys(db: Knex, kek: Kek): Promise<DataKeyRing> {
  const rows = await db.transaction(async (trx) => {
    await lockKeys(trx);
    const current: KeyRow[] = await trx('data_keys').whereNull('retired_at').select('id', 'purpose', 'wrapped', 'retired_at');
    for (const purpose of ['data', 'lookup'] as const) if (!current.some((r) => r.purpose === purpose)) await addKey(trx, kek, purpose);
    const all: KeyRow[] = await trx('data_keys').orderBy('id').select('id', 'purpose', 'wrapped', 'retired_at');
    return all;
  });
  const keys = new Map<number, Buffer>();
  let active: DataKeyRing['active'] | undefined;
  let lookup: Buffer | undefined;
  for (const row of rows) {
    const key = unwrapped(kek, row);
    if (row.purpose === 'lookup') {
      if (row.retired_at === null) lookup = key;
      continue;
    }
    keys.set(row.id, key);
    if (row.retired_at === null) active = { id: row.id, key };
  }
  if (!active || !lookup) throw new Error('data_keys: no current data or look-up key after creating them');
  return { active, keys, lookup };
}

/**
 * Rotation, step 1: a new data key seals what is written from now on (hubs pick it up at their next
 * start); the retired one still opens what it sealed. Returns the new key's id.
 */
export async function rotateDataKey(db: Knex, kek: Kek): Promise<number> {
  return db.transaction(async (trx) => {
    await lockKeys(trx);
    const current: KeyRow[] = await trx('data_keys').select('id', 'purpose', 'wrapped', 'retired_at');
    // Checked first: a new key wrapped under another KEK would stop every hub at its next start.
    for (const row of current) unwrapped(kek, row);
    await trx('data_keys').where({ purpose: 'data' }).whereNull('retired_at').update({ retired_at: trx.fn.now() });
    await addKey(trx, kek, 'data');
    const [row] = await trx('data_keys').where({ purpose: 'data' }).whereNull('retired_at').select('id');
    return Number(row.id);
  });
}

/** Rotation of the key-encryption key: every data and look-up key re-wrapped under `next`, in one transaction. */
export async function rewrapDataKeys(db: Knex, previous: Kek, next: Kek): Promise<number> {
  return db.transaction(async (trx) => {
    await lockKeys(trx);
    const rows: KeyRow[] = await trx('data_keys').select('id', 'purpose', 'wrapped', 'retired_at');
    for (const row of rows) {
      await trx('data_keys').where({ id: row.id }).update({ wrapped: wrapKey(next.key, row.purpose, unwrapped(previous, row)) });
    }
    return rows.length;
  });
}
