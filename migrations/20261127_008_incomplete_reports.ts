import type { Knex } from 'knex';

/**
 * A report whose sources did not all answer (one timed out or was unavailable) is INCOMPLETE, not
 * COMPLETE: its assessment is provisional where it rests on what is missing ("以核为准"), and
 * `retrySources` asks the missing sources again. Reports stored before keep their status.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("ALTER TYPE report_status ADD VALUE IF NOT EXISTS 'INCOMPLETE'");
}

export async function down(knex: Knex): Promise<void> {
  // PostgreSQL cannot drop a value from an enum: INCOMPLETE reports become COMPLETE as before.
  await knex.raw("UPDATE reports SET status = 'COMPLETE' WHERE status = 'INCOMPLETE'");
}
