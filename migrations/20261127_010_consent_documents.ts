import type { Knex } from 'knex';

/**
 * Consents as evidence, bound to who registered them:
 * - `consent_documents`: the signed forms themselves (PDF or image), content-addressed by the
 *   SHA-256 the hub computes; `consent_document_uploads`: who uploaded them (an org may only
 *   reference a document uploaded within its jurisdiction, and read it back);
 * - `consents.guardian_person_id`: the adult who signed for a minor (a registered guardian);
 * - `verification_requests.residence_reason`: why a household registered elsewhere was verified
 *   all the same (moved, works away), as the caller documented it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('consent_documents', (t) => {
    t.string('sha256', 64).primary();
    t.text('media_type').notNullable();
    t.integer('size').notNullable();
    t.binary('content').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('consent_document_uploads', (t) => {
    t.string('sha256', 64).notNullable().references('sha256').inTable('consent_documents');
    t.string('uploaded_org', 6).notNullable();
    t.text('uploaded_by').notNullable();
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['sha256', 'uploaded_org']);
  });
  await knex.schema.alterTable('consents', (t) => {
    t.uuid('guardian_person_id').references('id').inTable('persons');
  });
  await knex.schema.alterTable('verification_requests', (t) => {
    t.jsonb('residence_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('verification_requests', (t) => {
    t.dropColumn('residence_reason');
  });
  await knex.schema.alterTable('consents', (t) => {
    t.dropColumn('guardian_person_id');
  });
  await knex.schema.dropTable('consent_document_uploads');
  await knex.schema.dropTable('consent_documents');
}
