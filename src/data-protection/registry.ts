import type { Knex } from 'knex';
import { DataProtectionError, type DataKeyRing } from './cipher.js';

/**
 * The unwrapped keys of each database this process has opened, by connection string: any pool or
 * transaction on the database finds them (a knex transaction shares its pool's configuration), so
 * the owner stores take no extra parameter. Several test hubs in one process each have their own.
 */
const rings = new Map<string, DataKeyRing>();

function databaseOf(db: Knex): string {
  const connection: unknown = (db.client as { config: { connection: unknown } }).config.connection;
  return typeof connection === 'string' ? connection : JSON.stringify(connection);
}

export function useDataKeys(db: Knex, ring: DataKeyRing): void {
  rings.set(databaseOf(db), ring);
}

/** The keys of this database; without them nothing personal is read or written (never in plaintext). */
export function ringOf(db: Knex): DataKeyRing {
  const ring = rings.get(databaseOf(db));
  if (!ring) throw new DataProtectionError('the data keys of this database are not open (the hub opens them at start): personal data is never written in plaintext');
  return ring;
}
