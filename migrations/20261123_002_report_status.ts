import type { Knex } from 'knex';

/**
 * Reports with asynchronous sources (banks) are stored before every source has answered and
 * completed later: their state and completion time are columns, so pending reports can be found
 * without reading report bodies.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reports', (t) => {
    t.enu('status', ['COMPLETE', 'PENDING'], { useNative: true, enumName: 'report_status' }).notNullable().defaultTo('COMPLETE');
    t.timestamp('completed_at', { useTz: true });
  });
  await knex.raw("CREATE INDEX reports_pending ON reports (created_at) WHERE status = 'PENDING'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reports', (t) => {
    t.dropColumn('status');
    t.dropColumn('completed_at');
  });
  await knex.raw('DROP TYPE IF EXISTS report_status');
}
