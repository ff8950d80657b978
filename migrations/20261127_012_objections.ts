import type { Knex } from 'knex';

/**
 * Objections (复核): a verifier's or assistance system's objection to one agency value of a report,
 * with the hash of the document that supports it, and the review by a second person. Written only
 * by src/objections. An accepted objection's override lives in the report body (a new signed
 * version); this row keeps who asked, on what evidence, who decided, and the report's hash before
 * and after.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('objections', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.uuid('report_id').notNullable().references('id').inTable('reports').onDelete('CASCADE');
    t.text('region_code').notNullable();
    t.uuid('person_id').notNullable();
    t.text('attribute').notNullable();
    // The value the report held when the objection was raised, and the value proposed instead.
    t.jsonb('original');
    t.jsonb('proposed').notNullable();
    t.text('document_sha256').notNullable();
    t.text('note').notNullable();
    t.text('status').notNullable().defaultTo('OPEN');
    t.text('raised_by_sub').notNullable();
    t.text('raised_by_org').notNullable();
    t.timestamp('raised_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('report_sha256_before').notNullable();
    t.text('reviewed_by_sub');
    t.text('reviewed_by_org');
    t.timestamp('reviewed_at', { useTz: true });
    t.text('review_note');
    t.text('report_sha256_after');
    t.index(['report_id', 'raised_at']);
  });
  await knex.raw("ALTER TABLE objections ADD CONSTRAINT objections_status CHECK (status IN ('OPEN', 'ACCEPTED', 'REJECTED'))");
  // One open objection per value: a second waits for the first to be decided.
  await knex.raw("CREATE UNIQUE INDEX objections_one_open ON objections (report_id, person_id, attribute) WHERE status = 'OPEN'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('objections');
}
