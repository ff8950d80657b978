import type { Knex } from 'knex';

/**
 * Scheduled re-checks and what they find: the changes between a household's successive complete
 * reports, the webhook subscriptions that hear of them and one delivery row per (subscription,
 * change), which is the truth the webhook queue is rebuilt from, and the review schedules the
 * re-check scheduler turns into BullMQ job schedulers.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('change_events', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.uuid('household_id').notNullable().references('id').inTable('households');
    t.string('region_code', 6).notNullable();
    /** The report the change was found in, and the earlier report it was compared with. */
    t.uuid('report_id').notNullable().references('id').inTable('reports');
    t.uuid('previous_report_id').notNullable().references('id').inTable('reports');
    t.text('kind').notNullable();
    t.uuid('person_id').references('id').inTable('persons');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamp('detected_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['region_code', 'detected_at']);
    t.index(['household_id', 'detected_at']);
  });
  // A report's changes are recorded once even if its completion is handled twice (jobs are
  // delivered at least once). person_id is null for household-level kinds, hence the coalesce.
  await knex.raw("CREATE UNIQUE INDEX change_events_once ON change_events (report_id, kind, (COALESCE(person_id::text, '')))");

  await knex.schema.createTable('webhook_subscriptions', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    /** Region code of the subscribing organisation: it hears of changes inside its jurisdiction. */
    t.string('org', 6).notNullable();
    t.text('url').notNullable();
    /** Change kinds wanted; empty means every kind. */
    t.specificType('kinds', 'text[]').notNullable().defaultTo('{}');
    t.boolean('active').notNullable().defaultTo(true);
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['org']);
  });
  // The same endpoint subscribed twice would receive every change twice.
  await knex.raw('CREATE UNIQUE INDEX webhook_subscriptions_active_url ON webhook_subscriptions (org, url) WHERE active');

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.uuid('subscription_id').notNullable().references('id').inTable('webhook_subscriptions').onDelete('CASCADE');
    t.uuid('change_event_id').notNullable().references('id').inTable('change_events').onDelete('CASCADE');
    t.enu('status', ['PENDING', 'DELIVERED', 'DEAD'], { useNative: true, enumName: 'webhook_delivery_status' }).notNullable().defaultTo('PENDING');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_attempt_at', { useTz: true });
    t.timestamp('delivered_at', { useTz: true });
    t.unique(['subscription_id', 'change_event_id']);
    t.index(['subscription_id', 'status']);
  });
  // The reconciler reads only the pending rows.
  await knex.raw("CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (created_at) WHERE status = 'PENDING'");

  await knex.schema.createTable('review_schedules', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.string('region_code', 6).notNullable().references('code').inTable('regions');
    t.text('cron').notNullable();
    t.text('purpose').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.boolean('active').notNullable().defaultTo(true);
    t.unique(['region_code', 'purpose']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('review_schedules');
  await knex.schema.dropTableIfExists('webhook_deliveries');
  await knex.schema.dropTableIfExists('webhook_subscriptions');
  await knex.schema.dropTableIfExists('change_events');
  await knex.raw('DROP TYPE IF EXISTS webhook_delivery_status');
}
