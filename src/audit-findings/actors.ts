import type { Knex } from 'knex';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { upsertPersons } from '../households/index.js';
import { checkIdNumber, maskIdNumber } from '../identity/index.js';
import { checkText } from '../validation/index.js';

/*
 * Which person an account is, when the hub is told (the issue: "relatives, when the hub has the
 * actor's ID"). Tokens carry no ID number; an admin registers it, and the relatives rule compares
 * the person with the persons the account looks up.
 */

/** The persons of the accounts the hub knows, by subject (accounts not registered are left out). */
export async function actorPersons(db: Knex, subs: readonly string[]): Promise<Map<string, string>> {
  const rows: { actor_sub: string; person_id: string }[] = await db('audit_actor_persons').whereIn('actor_sub', [...new Set(subs)]).select('actor_sub', 'person_id');
  return new Map(rows.map((r) => [r.actor_sub, r.person_id]));
}

/**
 * Records that the account `sub` is the person with this ID number (a person the hub does not know
 * yet is added under `name`; a known one keeps their name), replacing an earlier registration;
 * audited as `audit.register-actor` with the number masked.
 */
export async function registerActorPerson(db: Knex, caller: Caller, input: { sub: string; idNumber: string; name: string }, action = 'audit.register-actor'): Promise<void> {
  const sub = checkText(input.sub.trim(), 'sub', 200);
  if (sub.length === 0) throw new HubError('BAD_USER_INPUT', "sub: the account's subject, 1 to 200 characters", { field: 'sub' });
  const checked = checkIdNumber(input.idNumber);
  if (!checked.ok) throw new HubError('INVALID_ID_NUMBER', `idNumber: ${checked.message}`, { field: 'idNumber' });
  const name = checkText(input.name.trim(), 'name', 100);
  if (name.length === 0) throw new HubError('BAD_USER_INPUT', 'name: 1 to 100 characters', { field: 'name' });
  const { idNumber, birthDate, sex } = checked.value;
  await inTransaction(db, async (trx) => {
    const ids = await upsertPersons(trx, [{ idNumber, name, birthDate, sex }]);
    const personId = ids.get(idNumber)!;
    await trx('audit_actor_persons').insert({ actor_sub: sub, person_id: personId, registered_by: caller.sub }).onConflict('actor_sub').merge(['person_id', 'registered_by', 'registered_at']);
    await appendAuditEvents(trx, [{ action, outcome: 'ALLOWED', actor: caller, subjectIds: [personId], details: { actorSub: sub, idNumber: maskIdNumber(idNumber) } }]);
  });
}
