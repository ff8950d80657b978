import type { Knex } from 'knex';

/**
 * Personal data encrypted at rest (issue 14, item 6; docs/AUDIT.md "Encryption at rest and retention").
 * - `data_keys`: data keys wrapped by the key-encryption key (which never enters the database).
 * - Sealed columns (AES-256-GCM, src/data-protection) beside the old plaintext ones. Migrations
 *   cannot see the key-encryption key, so rows already stored are sealed at the hub's next start
 *   and their plaintext set to NULL. A NOT VALID check refuses any new plaintext write at once,
 *   while the rows of before stay readable until then.
 * - `persons.id_number_hmac`: the keyed hash ID numbers are looked up by (unique).
 * - `reports.jws` (and `report_versions.jws`) keep the detached JWS (RFC 7515 appendix F: header
 *   and signature); the hub puts the payload back from the opened body when the report is read.
 * - `retention_policies`: how long personal data is kept, as dated versions, global or per region.
 */
const PLAINTEXT: readonly [string, string, readonly string[]][] = [
  ['persons', 'persons_no_plaintext', ['id_number', 'name', 'birth_date']],
  ['reports', 'reports_no_plaintext', ['body']],
  ['report_versions', 'report_versions_no_plaintext', ['body']],
  ['verification_requests', 'verification_requests_no_plaintext', ['declared']],
  ['batch_items', 'batch_items_no_plaintext', ['input']],
  ['change_events', 'change_events_no_plaintext', ['details']],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('data_keys', (t) => {
    t.increments('id');
    t.text('purpose').notNullable().checkIn(['data', 'lookup']);
    t.binary('wrapped').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('retired_at', { useTz: true });
  });
  await knex.raw("CREATE UNIQUE INDEX data_keys_one_current ON data_keys (purpose) WHERE retired_at IS NULL");
  await knex.schema.alterTable('persons', (t) => {
    t.binary('id_number_hmac').unique();
    t.binary('id_number_sealed');
    t.binary('name_sealed');
    t.binary('birth_date_sealed');
    t.setNullable('id_number');
    t.setNullable('name');
    t.setNullable('birth_date');
  });
  for (const table of ['reports', 'report_versions']) {
    await knex.schema.alterTable(table, (t) => {
      t.binary('body_sealed');
      t.setNullable('body');
      // Set when the retention policy removed the body (the row, its hash and signature stay).
      t.timestamp('purged_at', { useTz: true });
    });
  }
  await knex.schema.alterTable('verification_requests', (t) => t.binary('declared_sealed'));
  await knex.schema.alterTable('batch_items', (t) => {
    t.binary('input_sealed');
    t.setNullable('input');
  });
  await knex.schema.alterTable('change_events', (t) => {
    t.binary('details_sealed');
    t.setNullable('details');
    t.jsonb('details').nullable().defaultTo(null).alter();
  });
  for (const [table, constraint, columns] of PLAINTEXT) {
    await knex.raw(`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${columns.map((c) => `${c} IS NULL`).join(' AND ')}) NOT VALID`);
  }
  await knex.schema.createTable('retention_policies', (t) => {
    t.increments('id');
    // NULL: every region without a policy of its own.
    t.string('region_code', 6).references('code').inTable('regions');
    t.date('effective_from').notNullable();
    t.integer('refused_person_days').notNullable().checkPositive();
    t.integer('report_days').notNullable().checkPositive();
    t.text('basis').notNullable();
    t.unique(['region_code', 'effective_from']);
  });
  await knex('retention_policies').insert({
    region_code: null,
    effective_from: '2026-01-01',
    refused_person_days: 90,
    report_days: 3650,
    basis: 'hub default: no source in DOMAIN.md or the seeds names a period; set the legal period per region as a new dated row',
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('retention_policies');
  for (const [table, constraint] of PLAINTEXT) await knex.raw(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
  await knex.schema.alterTable('change_events', (t) => t.dropColumn('details_sealed'));
  await knex.schema.alterTable('batch_items', (t) => t.dropColumn('input_sealed'));
  await knex.schema.alterTable('verification_requests', (t) => t.dropColumn('declared_sealed'));
  for (const table of ['reports', 'report_versions']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('body_sealed');
      t.dropColumn('purged_at');
    });
  }
  await knex.schema.alterTable('persons', (t) => {
    t.dropColumn('id_number_hmac');
    t.dropColumn('id_number_sealed');
    t.dropColumn('name_sealed');
    t.dropColumn('birth_date_sealed');
  });
  await knex.schema.dropTable('data_keys');
}
