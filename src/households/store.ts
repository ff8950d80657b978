import type { Knex } from 'knex';

export interface PersonFacts {
  idNumber: string;
  name: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
}

export interface MemberFacts extends PersonFacts {
  relation: string;
}

/**
 * Records the persons (by resident ID number) and returns their ids. A known person keeps the
 * name first recorded: a caller's typing (or a refused request) never renames anyone; the name
 * that counts is the one public security returns in a report.
 */
export async function upsertPersons(trx: Knex.Transaction, persons: readonly PersonFacts[]): Promise<Map<string, string>> {
  if (persons.length === 0) return new Map();
  const unique = [...new Map(persons.map((p) => [p.idNumber, p])).values()];
  await trx('persons')
    .insert(unique.map((p) => ({ id_number: p.idNumber, name: p.name, birth_date: p.birthDate, sex: p.sex })))
    .onConflict('id_number')
    .ignore();
  const saved: { id: string; id_number: string }[] = await trx('persons').whereIn('id_number', unique.map((p) => p.idNumber)).select('id', 'id_number');
  return new Map(saved.map((r) => [r.id_number, r.id]));
}

/**
 * Records a household as the assistance system knows it (region + its own reference) with its
 * current members; membership is replaced, since reports keep the membership they were made with.
 */
export async function saveHousehold(
  trx: Knex.Transaction,
  household: { regionCode: string; externalRef: string; members: readonly MemberFacts[] },
): Promise<{ householdId: string; personIds: Map<string, string> }> {
  const [saved] = await trx('households')
    .insert({ region_code: household.regionCode, external_ref: household.externalRef })
    .onConflict(['region_code', 'external_ref'])
    .merge(['region_code'])
    .returning('id');
  const householdId: string = saved.id;
  const personIds = await upsertPersons(trx, household.members);
  await trx('household_members').where({ household_id: householdId }).delete();
  await trx('household_members').insert(
    household.members.map((m) => ({ household_id: householdId, person_id: personIds.get(m.idNumber), relation: m.relation })),
  );
  return { householdId, personIds };
}
