import type { Knex } from 'knex';

/**
 * A review schedule's time zone (issue 16, the administrators' console page): its cron is read in
 * that zone (BullMQ's `tz`), so "0 2 1 * *" is 02:00 where the region's office is, not in UTC.
 * Schedules made before keep the zone every region the hub knows keeps (src/regions/time.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('review_schedules', (t) => {
    t.text('time_zone').notNullable().defaultTo('Asia/Shanghai');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('review_schedules', (t) => {
    t.dropColumn('time_zone');
  });
}
