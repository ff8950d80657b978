import type { Knex } from 'knex';
import { lookupHash, open, seal, type SealedField, type SealOptions } from './cipher.js';
import { ringOf } from './registry.js';

/** A column of a `persons` row: the one spelling of where a person's sealed values belong, for every reader. */
export function personField(personId: string, column: 'id_number' | 'name' | 'birth_date'): SealedField {
  return { table: 'persons', column, row: personId };
}

/** Seals bytes for one table, column and row of this database. */
export function sealBytes(db: Knex, f: SealedField, plain: Uint8Array, options?: SealOptions): Buffer {
  return seal(ringOf(db), f, Buffer.isBuffer(plain) ? plain : Buffer.from(plain), options);
}

export function openBytes(db: Knex, f: SealedField, sealed: Buffer): Buffer {
  return open(ringOf(db), f, sealed);
}

export function sealText(db: Knex, f: SealedField, text: string): Buffer {
  return seal(ringOf(db), f, Buffer.from(text, 'utf8'));
}

export function openText(db: Knex, f: SealedField, sealed: Buffer): string {
  return open(ringOf(db), f, sealed).toString('utf8');
}

export function sealJson(db: Knex, f: SealedField, value: unknown): Buffer {
  return sealText(db, f, JSON.stringify(value));
}

export function openJson<T>(db: Knex, f: SealedField, sealed: Buffer): T {
  return JSON.parse(openText(db, f, sealed)) as T;
}

/** The look-up column's value for an ID number (HMAC-SHA-256 under the database's look-up key). */
export function idNumberHash(db: Knex, idNumber: string): Buffer {
  return lookupHash(ringOf(db), idNumber);
}
