import type { Knex } from 'knex';

/**
 * A source asked about more persons than it takes in one call answers with one ticket per call,
 * so a source's tickets become a list; and a batch report waiting for tickets records the poll
 * group it belongs to, so a poll job rebuilt from PostgreSQL keeps its original id. A batch item
 * records when a worker started on it, so progress can count the households being verified.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('source_results', (t) => {
    t.specificType('tickets', 'text[]').notNullable().defaultTo('{}');
  });
  await knex.raw(`UPDATE source_results SET tickets = ARRAY[ticket] WHERE ticket IS NOT NULL`);
  await knex.schema.alterTable('source_results', (t) => {
    t.dropColumn('ticket');
  });
  await knex.schema.alterTable('reports', (t) => {
    t.string('pending_poll', 32);
  });
  await knex.raw(`CREATE INDEX reports_pending_poll ON reports (pending_poll) WHERE status = 'PENDING' AND pending_poll IS NOT NULL`);
  // Batch reports already waiting for banks: each becomes a poll group of its own for the reconciler.
  await knex.raw(`
    UPDATE reports AS r SET pending_poll = substr(md5(r.id::text), 1, 32)
    FROM verification_requests AS q
    WHERE q.id = r.request_id AND q.batch_id IS NOT NULL AND r.status = 'PENDING'`);
  await knex.schema.alterTable('batch_items', (t) => {
    t.timestamp('started_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('batch_items', (t) => {
    t.dropColumn('started_at');
  });
  await knex.schema.alterTable('reports', (t) => {
    t.dropIndex([], 'reports_pending_poll');
    t.dropColumn('pending_poll');
  });
  await knex.schema.alterTable('source_results', (t) => {
    t.text('ticket');
  });
  await knex.raw(`UPDATE source_results SET ticket = tickets[1]`);
  await knex.schema.alterTable('source_results', (t) => {
    t.dropColumn('tickets');
  });
}
