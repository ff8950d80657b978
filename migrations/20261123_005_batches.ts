import type { Knex } from 'knex';

/**
 * Batch checks: a batch and its households (items) live in PostgreSQL, which is the truth the
 * queue is rebuilt from. A verification made for an item carries (batch, seq), unique, so an item
 * processed twice (a worker killed, Redis emptied) still gets exactly one report.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('batches', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.text('purpose').notNullable();
    t.text('requester_sub').notNullable();
    t.string('requester_org', 6).notNullable();
    t.specificType('requester_roles', 'text[]').notNullable();
    t.enu('status', ['RECEIVING', 'QUEUED', 'RUNNING', 'DONE', 'CANCELLED'], { useNative: true, enumName: 'batch_status' }).notNullable();
    t.integer('chunk_size').notNullable();
    t.integer('total').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
  });

  await knex.schema.createTable('batch_items', (t) => {
    t.uuid('batch_id').notNullable().references('id').inTable('batches').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.jsonb('input').notNullable();
    t.enu('status', ['QUEUED', 'DONE', 'REFUSED', 'FAILED', 'CANCELLED'], { useNative: true, enumName: 'batch_item_status' }).notNullable();
    t.uuid('report_id').references('id').inTable('reports');
    t.text('error_code');
    t.text('error_message');
    t.timestamp('finished_at', { useTz: true });
    t.primary(['batch_id', 'seq']);
    t.index(['batch_id', 'status']);
  });

  await knex.schema.alterTable('verification_requests', (t) => {
    t.uuid('batch_id').references('id').inTable('batches');
    t.integer('batch_seq');
    t.unique(['batch_id', 'batch_seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('verification_requests', (t) => {
    t.dropUnique(['batch_id', 'batch_seq']);
    t.dropColumn('batch_seq');
    t.dropColumn('batch_id');
  });
  await knex.schema.dropTableIfExists('batch_items');
  await knex.schema.dropTableIfExists('batches');
  await knex.raw('DROP TYPE IF EXISTS batch_item_status');
  await knex.raw('DROP TYPE IF EXISTS batch_status');
}
