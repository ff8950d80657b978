import type { Knex } from 'knex';

/**
 * The foundation tables: reference data (regions, organisations, sources, attribute catalogue),
 * the people and households asked about, consents, verification requests, reports, per-source
 * results and the audit log. Later migrations add what later capabilities need.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('regions', (t) => {
    t.string('code', 6).primary();
    t.enu('level', ['province', 'city', 'county', 'township'], { useNative: true, enumName: 'region_level' }).notNullable();
    t.text('zh').notNullable();
    t.text('en').notNullable();
    t.string('parent_code', 6).references('code').inTable('regions');
  });

  await knex.schema.createTable('organisations', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.text('name').notNullable();
    t.string('region_code', 6).notNullable();
    t.specificType('level', 'region_level').notNullable();
    t.enu('kind', ['verification-centre', 'assistance-system', 'audit-office', 'agency'], { useNative: true, enumName: 'organisation_kind' }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['region_code', 'name']);
  });

  await knex.schema.createTable('catalog_versions', (t) => {
    t.increments('id');
    t.string('hash', 64).notNullable().unique();
    t.integer('source_count').notNullable();
    t.integer('attribute_count').notNullable();
    t.timestamp('loaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('sources', (t) => {
    t.text('id').primary();
    t.text('family').notNullable();
    t.text('kind').notNullable();
    t.text('zh').notNullable();
    t.text('en').notNullable();
    t.enu('protocol', ['sync', 'async'], { useNative: true, enumName: 'source_protocol' }).notNullable();
    t.integer('max_bulk').notNullable();
    t.integer('catalog_version').notNullable().references('id').inTable('catalog_versions');
  });

  await knex.schema.createTable('attributes', (t) => {
    t.text('code').primary();
    t.text('source_id').notNullable().references('id').inTable('sources');
    t.text('zh').notNullable();
    t.text('en').notNullable();
    t.text('type').notNullable();
    t.text('unit');
    t.jsonb('enum_values');
    t.text('category').notNullable();
    t.smallint('sensitivity').notNullable();
    t.specificType('purposes', 'text[]').notNullable();
    t.integer('catalog_version').notNullable().references('id').inTable('catalog_versions');
    t.index(['source_id']);
  });

  await knex.schema.createTable('persons', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.string('id_number', 18).notNullable().unique();
    t.text('name').notNullable();
    t.date('birth_date').notNullable();
    t.enu('sex', ['MALE', 'FEMALE'], { useNative: true, enumName: 'person_sex' }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('households', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.string('region_code', 6).notNullable().references('code').inTable('regions');
    /** The assistance system's own household number, unique within its region. */
    t.text('external_ref').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['region_code', 'external_ref']);
  });

  await knex.schema.createTable('household_members', (t) => {
    t.uuid('household_id').notNullable().references('id').inTable('households').onDelete('CASCADE');
    t.uuid('person_id').notNullable().references('id').inTable('persons');
    t.text('relation').notNullable();
    t.primary(['household_id', 'person_id']);
  });

  await knex.schema.createTable('consents', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.uuid('person_id').notNullable().references('id').inTable('persons');
    t.string('document_sha256', 64).notNullable();
    t.specificType('purposes', 'text[]').notNullable();
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).notNullable();
    t.text('registered_by').notNullable();
    t.string('registered_org', 6).notNullable();
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['person_id', 'valid_until']);
  });
  await knex.raw('ALTER TABLE consents ADD CONSTRAINT consents_period CHECK (valid_until > valid_from)');

  await knex.schema.createTable('verification_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.uuid('household_id').references('id').inTable('households');
    t.text('purpose').notNullable();
    t.text('application_ref');
    t.text('requester_sub').notNullable();
    t.string('requester_org', 6).notNullable();
    t.specificType('requester_roles', 'text[]').notNullable();
    t.enu('status', ['REFUSED', 'PENDING', 'COMPLETED'], { useNative: true, enumName: 'request_status' }).notNullable();
    t.text('error_code');
    t.jsonb('declared');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.index(['household_id', 'created_at']);
  });

  await knex.schema.createTable('reports', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.uuid('request_id').notNullable().unique().references('id').inTable('verification_requests');
    t.uuid('household_id').notNullable().references('id').inTable('households');
    t.jsonb('body').notNullable();
    t.string('body_sha256', 64).notNullable();
    t.text('jws');
    t.text('signing_kid');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['household_id', 'created_at']);
  });

  await knex.schema.createTable('source_results', (t) => {
    t.bigIncrements('id');
    t.uuid('request_id').notNullable().references('id').inTable('verification_requests');
    t.text('source_id').notNullable().references('id').inTable('sources');
    t.enu('status', ['OK', 'NOT_FOUND', 'PARTIAL', 'TIMEOUT', 'UNAVAILABLE', 'PENDING'], { useNative: true, enumName: 'source_status' }).notNullable();
    t.integer('latency_ms');
    t.integer('persons').notNullable();
    t.text('ticket');
    t.text('error');
    t.timestamp('requested_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('answered_at', { useTz: true });
    t.unique(['request_id', 'source_id']);
  });

  // Hash-chained: each event's hash covers its content and the previous event's hash, so a
  // deleted or edited row breaks the chain (checked by the audit verifier).
  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('seq');
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('action').notNullable();
    t.enu('outcome', ['ALLOWED', 'REFUSED', 'FAILED'], { useNative: true, enumName: 'audit_outcome' }).notNullable();
    t.text('actor_sub').notNullable();
    t.string('actor_org', 6).notNullable();
    t.specificType('actor_roles', 'text[]').notNullable();
    t.text('purpose');
    t.text('application_ref');
    t.uuid('request_id').references('id').inTable('verification_requests');
    t.uuid('report_id').references('id').inTable('reports');
    t.specificType('consent_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.specificType('subject_ids', 'uuid[]').notNullable().defaultTo('{}');
    t.specificType('attribute_codes', 'text[]').notNullable().defaultTo('{}');
    t.string('report_sha256', 64);
    t.text('error_code');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable().unique();
    t.index(['occurred_at']);
    t.index(['actor_sub', 'occurred_at']);
  });
  await knex.raw('CREATE INDEX audit_events_subjects ON audit_events USING GIN (subject_ids)');
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['audit_events', 'source_results', 'reports', 'verification_requests', 'consents', 'household_members', 'households', 'persons', 'attributes', 'sources', 'catalog_versions', 'organisations', 'regions']) {
    await knex.schema.dropTableIfExists(table);
  }
  for (const type of ['audit_outcome', 'source_status', 'request_status', 'person_sex', 'source_protocol', 'organisation_kind', 'region_level']) {
    await knex.raw(`DROP TYPE IF EXISTS ${type}`);
  }
}
