import type { Knex } from 'knex';
import type { Caller } from '../auth/index.js';
import { appendAuditEvents } from '../audit/index.js';
import { PURPOSES, type Purpose } from '../catalog/index.js';
import { HubError } from '../errors/index.js';
import { upsertPersons } from '../households/index.js';
import { checkIdNumber, maskIdNumber } from '../identity/index.js';
import { parseInstant as parseStrictInstant } from '../validation/index.js';
import { regionFilter } from '../policy/index.js';
import { inTransaction } from '../db/index.js';

/** A member's signed authorisation (授权书) as the assistance system registers it. */
export interface ConsentInput {
  idNumber: string;
  name: string;
  /** SHA-256 of the signed document, which stays with the assistance system. */
  documentSha256: string;
  purposes: readonly Purpose[];
  validFrom: string;
  validUntil: string;
}

export interface Consent {
  id: string;
  idNumber: string;
  documentSha256: string;
  purposes: Purpose[];
  validFrom: Date;
  validUntil: Date;
}

// An authorisation covers the application and its re-checks; five years bounds a stale one.
const MAX_VALIDITY_MS = 5 * 366 * 24 * 3600 * 1000;
export const MAX_CONSENTS_PER_CALL = 200;

// One parser for every date the hub takes (src/validation): 2026-02-30 is refused, not rolled over to March.
function parseInstant(value: string, field: string): Date {
  return parseStrictInstant(value, field);
}

function validate(inputs: readonly ConsentInput[], now: Date) {
  if (inputs.length === 0 || inputs.length > MAX_CONSENTS_PER_CALL) {
    throw new HubError('BAD_USER_INPUT', `consents must hold 1 to ${MAX_CONSENTS_PER_CALL} items, got ${inputs.length}`, { field: 'consents' });
  }
  return inputs.map((c, i) => {
    const at = (name: string) => `consents[${i}].${name}`;
    const id = checkIdNumber(c.idNumber);
    if (!id.ok) throw new HubError('INVALID_ID_NUMBER', `${at('idNumber')}: ${id.message}`, { field: at('idNumber'), problem: id.problem });
    const name = c.name.trim();
    if (name.length === 0 || name.length > 50) throw new HubError('BAD_USER_INPUT', `${at('name')} must have 1 to 50 characters`, { field: at('name') });
    if (!/^[0-9a-f]{64}$/.test(c.documentSha256)) {
      throw new HubError('BAD_USER_INPUT', `${at('documentSha256')} must be 64 lower-case hex digits (SHA-256 of the signed document)`, { field: at('documentSha256') });
    }
    if (c.purposes.length === 0 || c.purposes.some((p) => !PURPOSES.includes(p))) {
      throw new HubError('BAD_USER_INPUT', `${at('purposes')} must list at least one of ${PURPOSES.join(', ')}`, { field: at('purposes') });
    }
    const from = parseInstant(c.validFrom, at('validFrom'));
    const until = parseInstant(c.validUntil, at('validUntil'));
    if (until <= from) throw new HubError('BAD_USER_INPUT', `${at('validUntil')} must be after validFrom`, { field: at('validUntil') });
    if (until <= now) throw new HubError('BAD_USER_INPUT', `${at('validUntil')} is in the past: an expired consent authorises nothing`, { field: at('validUntil') });
    if (until.getTime() - from.getTime() > MAX_VALIDITY_MS) {
      throw new HubError('BAD_USER_INPUT', `${at('validUntil')} may be at most five years after validFrom`, { field: at('validUntil') });
    }
    return { ...id.value, name, documentSha256: c.documentSha256, purposes: [...new Set(c.purposes)], from, until };
  });
}

/**
 * Registers signed authorisations and audits the registration in the same transaction. The
 * consent names the person, so the person is recorded too.
 */
export async function registerConsents(db: Knex, caller: Caller, inputs: readonly ConsentInput[]): Promise<Consent[]> {
  const valid = validate(inputs, new Date());
  return inTransaction(db, async (trx) => {
    const personIds = await upsertPersons(trx, valid);
    const rows: { id: string; person_id: string; document_sha256: string; purposes: Purpose[]; valid_from: Date; valid_until: Date }[] = await trx('consents')
      .insert(
        valid.map((c) => ({
          person_id: personIds.get(c.idNumber),
          document_sha256: c.documentSha256,
          purposes: c.purposes,
          valid_from: c.from,
          valid_until: c.until,
          registered_by: caller.sub,
          registered_org: caller.org,
        })),
      )
      .returning(['id', 'person_id', 'document_sha256', 'purposes', 'valid_from', 'valid_until']);
    await appendAuditEvents(trx, [
      {
        action: 'consent.register',
        outcome: 'ALLOWED',
        actor: caller,
        consentIds: rows.map((r) => r.id),
        subjectIds: [...new Set(rows.map((r) => r.person_id))],
        details: { members: valid.map((c) => maskIdNumber(c.idNumber)) },
      },
    ]);
    return rows.map((r, i) => ({
      id: r.id,
      idNumber: valid[i]!.idNumber,
      documentSha256: r.document_sha256,
      purposes: r.purposes,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
    }));
  });
}

/**
 * The consent that covers each person for `purpose` at `at` (the one valid longest, if several).
 * Persons without one are absent from the map.
 */
export async function findConsents(db: Knex, idNumbers: readonly string[], purpose: Purpose, at: Date): Promise<Map<string, string>> {
  if (idNumbers.length === 0) return new Map();
  const rows: { id: string; id_number: string }[] = await db('consents as c')
    .join('persons as p', 'p.id', 'c.person_id')
    .whereIn('p.id_number', idNumbers)
    .whereRaw('? = ANY(c.purposes)', [purpose])
    .where('c.valid_from', '<=', at)
    .where('c.valid_until', '>', at)
    .whereNull('c.revoked_at')
    .orderBy('c.valid_until', 'asc')
    .select('c.id', 'p.id_number');
  // Ordered ascending, so the last write per person is the consent valid longest.
  return new Map(rows.map((r) => [r.id_number, r.id]));
}

/** Which of these consents are still valid for the purpose at `at` (not revoked, within their dates). */
export async function validConsentIds(db: Knex, ids: readonly string[], purpose: Purpose, at: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows: string[] = await db('consents').whereIn('id', ids).whereRaw('? = ANY(purposes)', [purpose]).where('valid_from', '<=', at).where('valid_until', '>', at).whereNull('revoked_at').pluck('id');
  return new Set(rows);
}

/**
 * Revokes consents (the person withdrew the authorisation) registered by organisations inside the
 * caller's jurisdiction; audited in the same transaction. Returns the ids revoked.
 */
export async function revokeConsents(db: Knex, caller: Caller, ids: readonly string[]): Promise<string[]> {
  for (const [i, id] of ids.entries()) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new HubError('BAD_USER_INPUT', `ids[${i}]: not a consent id`, { field: `ids[${i}]` });
  }
  return inTransaction(db, async (trx) => {
    const rows: { id: string; person_id: string }[] = await trx('consents')
      .whereIn('id', ids)
      .whereNull('revoked_at')
      .where(regionFilter(caller.org, 'registered_org'))
      .update({ revoked_at: trx.fn.now() })
      .returning(['id', 'person_id']);
    if (rows.length !== new Set(ids).size) {
      throw new HubError('BAD_USER_INPUT', 'ids: some consents do not exist, are already revoked or were registered outside your jurisdiction', { field: 'ids' });
    }
    await appendAuditEvents(trx, [{ action: 'consent.revoke', outcome: 'ALLOWED', actor: caller, consentIds: rows.map((r) => r.id), subjectIds: [...new Set(rows.map((r) => r.person_id))] }]);
    return rows.map((r) => r.id);
  });
}
