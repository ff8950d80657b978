import type { Knex } from 'knex';

/*
 * What the audit's relatives rule (src/audit-findings) needs to know about households, read here,
 * where household_members is kept.
 */

/** Everyone who is a current member of a household the person is a current member of (the person left out). */
export async function householdMates(db: Knex, personId: string): Promise<string[]> {
  const rows: { person_id: string }[] = await db('household_members as m')
    .join('household_members as own', 'own.household_id', 'm.household_id')
    .where('own.person_id', personId)
    .whereNot('m.person_id', personId)
    .distinct('m.person_id');
  return rows.map((r) => r.person_id);
}
