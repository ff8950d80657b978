import type { Knex } from 'knex';

/** Data-modifying CTEs by name, each with a RETURNING list (knex `.returning`, or RETURNING in a raw), for one statement. */
export type Writes = readonly (readonly [name: string, write: Knex.QueryBuilder | Knex.Raw])[];

/** `statement` with `writes` as its WITH parts (PostgreSQL runs each data-modifying one whether or not the statement reads it). */
export function withWrites<T extends Knex.QueryBuilder>(statement: T, writes: Writes): T {
  for (const [name, write] of writes) statement.with(name, write);
  return statement;
}
