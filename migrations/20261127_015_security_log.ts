import type { Knex } from 'knex';

/**
 * The security log (issue 14, 3b): requests refused before any data was touched (authentication
 * failures, malformed or invalid queries, quota refusals), each with its source address and door.
 * Written only by src/security-log. Not hash-chained like `audit_events`: a flood of anonymous
 * calls must not serialise on the audit chain's lock; repeats are collapsed into `count` instead.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('security_events', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The last repeat collapsed into this row (== occurred_at while count is 1).
    t.timestamp('last_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('kind').notNullable();
    t.text('reason');
    t.text('error_code').notNullable();
    t.text('source_address');
    // A verified caller (a token the hub accepted) ...
    t.text('actor_sub');
    t.string('actor_org', 6);
    // ... or what a refused token claimed (decoded without verification: a label, never trusted).
    t.text('claimed_sub');
    t.string('claimed_org', 6);
    t.text('door').notNullable();
    t.text('detail');
    // The region of the data the request was about, when known.
    t.string('region_code', 6);
    t.integer('count').notNullable().defaultTo(1);
    t.index(['occurred_at']);
    t.index(['region_code', 'occurred_at']);
    t.index(['actor_org', 'occurred_at']);
  });
  await knex.raw("ALTER TABLE security_events ADD CONSTRAINT security_events_kind CHECK (kind IN ('AUTHENTICATION_FAILED', 'VALIDATION_FAILED', 'QUOTA_REFUSED'))");
  await knex.raw('ALTER TABLE security_events ADD CONSTRAINT security_events_count CHECK (count >= 1)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('security_events');
}
