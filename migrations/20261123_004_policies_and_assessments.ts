import type { Knex } from 'knex';

/**
 * Regional means-test policies as dated versions (a region sets sections, inherits the rest), and
 * each household's latest assessment in columns the ranking queries filter and sort on.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('policy_versions', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.string('region_code', 6).notNullable().references('code').inTable('regions');
    t.date('effective_from').notNullable();
    t.jsonb('parameters').notNullable();
    t.text('about');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['region_code', 'effective_from']);
  });

  await knex.schema.createTable('household_assessments', (t) => {
    t.uuid('household_id').primary().references('id').inTable('households').onDelete('CASCADE');
    t.uuid('report_id').notNullable().references('id').inTable('reports');
    t.string('region_code', 6).notNullable();
    t.timestamp('assessed_at', { useTz: true }).notNullable();
    t.smallint('circle');
    t.decimal('hardship_index', 5, 1).notNullable();
    t.decimal('per_capita_income', 12, 2).notNullable();
    t.decimal('low_income_standard', 12, 2).notNullable();
    t.specificType('target_groups', 'text[]').notNullable();
    t.specificType('need_tags', 'text[]').notNullable();
    t.specificType('eligible_programmes', 'text[]').notNullable();
    t.specificType('assistance_received', 'text[]').notNullable();
    t.boolean('disabled_member').notNullable();
    t.index(['region_code', 'hardship_index']);
  });
  await knex.raw('CREATE INDEX household_assessments_groups ON household_assessments USING GIN (target_groups)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('household_assessments');
  await knex.schema.dropTableIfExists('policy_versions');
}
