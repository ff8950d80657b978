import type { Knex } from 'knex';

/**
 * Assistance given to a household, as assistance systems and verifiers record it (救后录入), and
 * the household status columns the ranking reads from it: urgency colour, special groups, repeat
 * reminders, and whether the household is ranked at all (a vetoed or ineligible one is listed with
 * its reason, unranked).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assistance_records', (t) => {
    t.uuid('id').primary().defaultTo(knex.fn.uuid());
    t.uuid('household_id').notNullable().references('id').inTable('households').onDelete('CASCADE');
    t.text('programme').notNullable();
    t.decimal('amount', 12, 2).notNullable();
    t.date('given_on').notNullable();
    t.text('department').notNullable();
    t.text('recorded_by').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['household_id', 'given_on']);
  });
  await knex.schema.alterTable('household_assessments', (t) => {
    // The index as the report computed it; hardship_index is this one adjusted for recorded assistance.
    t.decimal('assessed_hardship_index', 5, 1);
    t.text('urgency');
    t.specificType('special_groups', 'text[]').notNullable().defaultTo('{}');
    t.specificType('repeat_assistance', 'text[]').notNullable().defaultTo('{}');
    t.boolean('ranked').notNullable().defaultTo(true);
    t.text('exclusion');
  });
  await knex.raw('UPDATE household_assessments SET assessed_hardship_index = hardship_index');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('household_assessments', (t) => {
    t.dropColumns('assessed_hardship_index', 'urgency', 'special_groups', 'repeat_assistance', 'ranked', 'exclusion');
  });
  await knex.schema.dropTableIfExists('assistance_records');
}
