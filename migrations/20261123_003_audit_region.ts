import type { Knex } from 'knex';

/**
 * The region of the household an audit event concerns, so an auditor of a county sees every look
 * at its households, including those by city or province staff outside the county.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.string('region_code', 6);
    t.index(['region_code', 'occurred_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropIndex(['region_code', 'occurred_at']);
    t.dropColumn('region_code');
  });
}
