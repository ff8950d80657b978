import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from '../../migrations/index.js';

export type Db = Knex;

// Return DATE columns as 'YYYY-MM-DD' strings: a birth date is a calendar day, not an instant,
// and a Date would shift it by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counters (audit sequence) fit a JS number for the life of the system.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** Where a URL points, without its password: safe for error messages and logs. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
}

interface PgConnection {
  query(sql: string, done: (err: Error | null) => void): void;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A connection pool. With `actAs`, every connection acts as that role (SET ROLE) from the moment
 * it is made: the hub's runtime pool acts as `hub_app`, which may not change or remove audit
 * events, whatever rights the login user has (docs/AUDIT.md); migrations use a pool without it.
 */
export function createDb(url: string, pool: { min: number; max: number } = { min: 0, max: 10 }, actAs?: string): Db {
  if (actAs !== undefined && !ROLE_NAME.test(actAs)) throw new DatabaseUnavailableError(`DATABASE_ROLE ${JSON.stringify(actAs)}: not a lower-case role name`);
  const afterCreate = actAs === undefined ? undefined : (conn: PgConnection, done: (err: Error | null, conn: PgConnection) => void) => conn.query(`SET ROLE ${actAs}`, (err) => done(err, conn));
  return knexFactory({ client: 'pg', connection: url, pool: { ...pool, ...(afterCreate ? { afterCreate } : {}) }, migrations: { migrationSource } });
}

/** Creates the database named in `url` if it does not exist (PostgreSQL has no CREATE DATABASE IF NOT EXISTS). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) {
    throw new DatabaseUnavailableError(`DATABASE_URL names database ${JSON.stringify(name)}: use letters, digits, _ or - (at most 63)`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new DatabaseUnavailableError(`DATABASE_URL: cannot reach PostgreSQL at ${describeUrl(url)}: ${(err as Error).message}`);
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (err) {
        // Another process may have created it between the check and here.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]];
  return applied;
}

/** Drops a database (tests clean up after themselves). */
export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
