import type { Knex } from 'knex';

/**
 * Earlier signed versions of a report. A report row holds its newest version; before it is
 * overwritten (a bank's answer, sources asked again, an accepted objection) its body, hash and
 * signature go into `report_versions` with their revision number, so every version ever signed
 * can be fetched and its JWS verified again. Written only by src/reports/store.ts.
 * `reports.revision` numbers the version the row holds (1: as first stored); `revised_at` says
 * when that version was stored (null: at `created_at`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reports', (t) => {
    t.integer('revision').notNullable().defaultTo(1);
    t.timestamp('revised_at', { useTz: true });
  });
  await knex.schema.createTable('report_versions', (t) => {
    t.uuid('report_id').notNullable().references('id').inTable('reports').onDelete('CASCADE');
    t.integer('revision').notNullable();
    t.jsonb('body').notNullable();
    t.text('body_sha256').notNullable();
    t.text('jws').notNullable();
    t.text('signing_kid').notNullable();
    // When this version was stored (not when it was superseded).
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('superseded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['report_id', 'revision']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('report_versions');
  await knex.schema.alterTable('reports', (t) => {
    t.dropColumn('revised_at');
    t.dropColumn('revision');
  });
}
