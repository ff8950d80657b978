import type { Knex } from 'knex';
import { findReport } from './store.js';

/** The catalogue's registered address (户籍地址), as public security answers it. */
const ADDRESS = 'ps_hukou.address';

/** A person as the latest report of one of their households names them. */
export interface RegisteredFacts {
  name: string;
  /** Public security's registered address, when that report asked for it. */
  address: string | null;
}

/**
 * Each person's name and registered address as the latest stored report of a household they are a
 * member of gives them; persons in no verified household are left out. Bodies are read through
 * `findReport`, so this follows however reports are stored. For the audit's relatives rule.
 */
export async function registeredFacts(db: Knex, personIds: readonly string[]): Promise<Map<string, RegisteredFacts>> {
  if (personIds.length === 0) return new Map();
  const latest: { person_id: string; report_id: string }[] = await db('household_members as m')
    .join('reports as r', 'r.household_id', 'm.household_id')
    .whereIn('m.person_id', [...new Set(personIds)])
    .distinctOn('m.person_id')
    .orderBy([{ column: 'm.person_id' }, { column: 'r.created_at', order: 'desc' }])
    .select('m.person_id', 'r.id as report_id');
  const facts = new Map<string, RegisteredFacts>();
  for (const { person_id, report_id } of latest) {
    const report = await findReport(db, report_id);
    const member = report?.body.members.find((m) => m.personId === person_id);
    if (!member) continue;
    const record = member.records.ps_hukou;
    const address = record?.found ? record.values[ADDRESS] : undefined;
    facts.set(person_id, { name: member.name, address: typeof address === 'string' ? address : null });
  }
  return facts;
}
