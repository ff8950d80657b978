import type { Knex } from 'knex';

/**
 * Anomaly findings over the audit log (src/audit-findings, their only writer): the findings with
 * their evidence events, the cursor of the incremental run, the rules' thresholds as dated
 * versions per region over the hub's default (in code, model.ts), and the hub's knowledge of which person
 * an actor is (for the relatives rule). audit_events is only read. Webhook deliveries may carry a
 * finding instead of a change event (src/webhooks, finding-delivery.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_findings', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    /** Order of finding, for listing newest first and paging (`before`). */
    t.specificType('seq', 'bigserial').notNullable().unique();
    t.text('rule').notNullable();
    /** Re-running the rules over the same events finds the same key: merged, never a second row. */
    t.text('dedupe_key').notNullable().unique();
    t.string('region_code', 6);
    t.text('actor_sub');
    t.string('actor_org', 6);
    t.specificType('subject_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.specificType('evidence_seqs', 'bigint[]').notNullable();
    t.text('severity').notNullable();
    /** The figures the summary is read from (counts, thresholds, the day): code + params, rendered in Chinese and English on read. */
    t.jsonb('params').notNullable().defaultTo('{}');
    t.timestamp('found_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('status').notNullable().defaultTo('OPEN');
    t.text('reviewed_by');
    t.timestamp('reviewed_at', { useTz: true });
    t.text('note');
    /** When the finding was handed to the webhook deliveries (null: not yet; the hub's next run pushes it). */
    t.timestamp('pushed_at', { useTz: true });
    t.index(['region_code', 'found_at']);
    t.index(['actor_org', 'found_at']);
    t.index(['rule', 'found_at']);
  });
  await knex.raw("ALTER TABLE audit_findings ADD CONSTRAINT audit_findings_status CHECK (status IN ('OPEN', 'REVIEWED'))");
  await knex.raw("ALTER TABLE audit_findings ADD CONSTRAINT audit_findings_severity CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH'))");
  await knex.raw('CREATE INDEX audit_findings_unpushed ON audit_findings (seq) WHERE pushed_at IS NULL');

  await knex.schema.createTable('audit_findings_cursor', (t) => {
    t.text('name').primary();
    /** Events up to this sequence number are settled: later runs start after it. */
    t.bigInteger('last_seq').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex('audit_findings_cursor').insert({ name: 'rules', last_seq: 0 });

  await knex.schema.createTable('audit_finding_parameters', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    /** Null: the national default; a region's version overrides the sections it names. */
    t.string('region_code', 6).references('code').inTable('regions');
    t.date('effective_from').notNullable();
    t.jsonb('parameters').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('CREATE UNIQUE INDEX audit_finding_parameters_version ON audit_finding_parameters (region_code, effective_from) NULLS NOT DISTINCT');

  await knex.schema.createTable('audit_actor_persons', (t) => {
    t.text('actor_sub').primary();
    t.uuid('person_id').notNullable().references('id').inTable('persons');
    t.text('registered_by').notNullable();
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Findings are pushed through the webhook deliveries (src/webhooks writes them): a delivery carries a change event or a finding.
  await knex.raw('ALTER TABLE webhook_deliveries ALTER COLUMN change_event_id DROP NOT NULL');
  await knex.raw('ALTER TABLE webhook_deliveries ADD COLUMN audit_finding_id uuid REFERENCES audit_findings (id) ON DELETE CASCADE');
  await knex.raw('ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_one_subject CHECK (num_nonnulls(change_event_id, audit_finding_id) = 1)');
  await knex.raw('CREATE UNIQUE INDEX webhook_deliveries_finding_once ON webhook_deliveries (subscription_id, audit_finding_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex('webhook_deliveries').whereNotNull('audit_finding_id').delete();
  await knex.raw('DROP INDEX IF EXISTS webhook_deliveries_finding_once');
  await knex.raw('ALTER TABLE webhook_deliveries DROP CONSTRAINT IF EXISTS webhook_deliveries_one_subject');
  await knex.raw('ALTER TABLE webhook_deliveries DROP COLUMN IF EXISTS audit_finding_id');
  await knex.raw('ALTER TABLE webhook_deliveries ALTER COLUMN change_event_id SET NOT NULL');
  for (const table of ['audit_actor_persons', 'audit_finding_parameters', 'audit_findings_cursor', 'audit_findings']) await knex.schema.dropTableIfExists(table);
}
