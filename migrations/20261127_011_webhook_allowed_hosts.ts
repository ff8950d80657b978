import type { Knex } from 'knex';

/**
 * Webhook targets (docs/CHANGES.md, "Webhook targets"): the internal hosts an organisation's
 * administrators allow its webhooks to reach (everything else internal is refused), and the
 * subscriber-facing delivery errors made generic: earlier rows kept the network error text, which
 * named internal addresses and ports.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_allowed_hosts', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    /** Region code of the organisation; the entry also covers organisations inside its jurisdiction. */
    t.string('org', 6).notNullable();
    /** A host name, *.domain, an IP address or a CIDR block, normalised. */
    t.text('pattern').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['org', 'pattern']);
  });
  await knex.raw(`
    UPDATE webhook_deliveries SET last_error = CASE
      WHEN last_error ~ '^HTTP [0-9]{3}' THEN substring(last_error from '^HTTP [0-9]{3}')
      WHEN last_error LIKE 'no answer within%' THEN 'timed out'
      WHEN last_error = 'subscription cancelled before delivery' THEN last_error
      ELSE 'connection failed' END
    WHERE last_error IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('webhook_allowed_hosts');
}
