import type { Knex } from 'knex';
import type { Caller } from '../auth/index.js';
import { appendAuditEvents } from '../audit/index.js';
import { PURPOSES, type Purpose } from '../catalog/index.js';
import { HubError } from '../errors/index.js';
import { upsertPersons } from '../households/index.js';
import { checkIdNumber, maskIdNumber } from '../identity/index.js';
import { parseInstant as parseStrictInstant } from '../validation/index.js';
import { startOfLocalDay } from '../regions/index.js';
import { inJurisdiction, regionFilter } from '../policy/index.js';
import { inTransaction } from '../db/index.js';
import { adultOn } from './coverage.js';
import { documentsWithin, widelyUsedDocuments, type DocumentUse } from './documents.js';

/** A member's signed authorisation (授权书) as the assistance system registers it. */
export interface ConsentInput {
  idNumber: string;
  name: string;
  /** SHA-256 of the signed document, as `POST /consents/documents` answered when it was uploaded. */
  documentSha256: string;
  purposes: readonly Purpose[];
  validFrom: string;
  validUntil: string;
  /** For a minor: the adult who signed as guardian (监护人), and their name. */
  guardianIdNumber?: string | null;
  guardianName?: string | null;
}

export interface Consent {
  id: string;
  idNumber: string;
  documentSha256: string;
  purposes: Purpose[];
  validFrom: Date;
  validUntil: Date;
  /** The guardian who signed for a minor, or null (the person signed). */
  guardianIdNumber: string | null;
}

// An authorisation covers the application and its re-checks; five years bounds a stale one.
const MAX_VALIDITY_MS = 5 * 366 * 24 * 3600 * 1000;
export const MAX_CONSENTS_PER_CALL = 200;

/**
 * One parser for every date the hub takes (src/validation): 2026-02-30 is refused, not rolled over to
 * March. A date without a time is that day as people read it in the caller's region (Beijing time):
 * a consent signed and registered at 01:00 on the 28th, "valid from 2026-11-28", is valid at once,
 * not from 08:00 when the UTC day begins.
 */
function parseInstant(value: string, field: string, regionCode: string): Date {
  const instant = parseStrictInstant(value, field);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfLocalDay(value, regionCode) : instant;
}

function validate(inputs: readonly ConsentInput[], now: Date, regionCode: string) {
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
    const from = parseInstant(c.validFrom, at('validFrom'), regionCode);
    const until = parseInstant(c.validUntil, at('validUntil'), regionCode);
    if (until <= from) throw new HubError('BAD_USER_INPUT', `${at('validUntil')} must be after validFrom`, { field: at('validUntil') });
    if (until <= now) throw new HubError('BAD_USER_INPUT', `${at('validUntil')} is in the past: an expired consent authorises nothing`, { field: at('validUntil') });
    if (until.getTime() - from.getTime() > MAX_VALIDITY_MS) {
      throw new HubError('BAD_USER_INPUT', `${at('validUntil')} may be at most five years after validFrom`, { field: at('validUntil') });
    }
    return { ...id.value, name, documentSha256: c.documentSha256, purposes: [...new Set(c.purposes)], from, until, guardian: guardianOf(c, i, id.value, now) };
  });
}

/**
 * A guardian (an adult other than the minor) signs for a minor; an adult signs for themselves. A
 * minor's consent without a guardian is recorded but never covers them (src/consent/coverage.ts).
 */
function guardianOf(c: ConsentInput, i: number, subject: { idNumber: string; birthDate: string }, now: Date) {
  const at = (name: string) => `consents[${i}].${name}`;
  const minor = !adultOn(subject.birthDate, now);
  if (!c.guardianIdNumber) return null;
  if (!minor) throw new HubError('BAD_USER_INPUT', `${at('guardianIdNumber')}: ${maskIdNumber(subject.idNumber)} is an adult and consents for themselves`, { field: at('guardianIdNumber') });
  const g = checkIdNumber(c.guardianIdNumber);
  if (!g.ok) throw new HubError('INVALID_ID_NUMBER', `${at('guardianIdNumber')}: ${g.message}`, { field: at('guardianIdNumber'), problem: g.problem });
  if (!adultOn(g.value.birthDate, now)) throw new HubError('BAD_USER_INPUT', `${at('guardianIdNumber')}: ${maskIdNumber(g.value.idNumber)} is under 18 and cannot be a guardian`, { field: at('guardianIdNumber') });
  const name = (c.guardianName ?? '').trim();
  if (name.length === 0 || name.length > 50) throw new HubError('BAD_USER_INPUT', `${at('guardianName')} must have 1 to 50 characters`, { field: at('guardianName') });
  return { ...g.value, name };
}

/** Every document a consent references was uploaded (POST /consents/documents) within the caller's jurisdiction. */
async function requireDocuments(trx: Knex.Transaction, caller: Caller, valid: readonly { documentSha256: string }[]): Promise<void> {
  const within = await documentsWithin(trx, caller, valid.map((c) => c.documentSha256));
  const i = valid.findIndex((c) => !within.has(c.documentSha256));
  if (i >= 0) {
    const field = `consents[${i}].documentSha256`;
    throw new HubError('BAD_USER_INPUT', `${field}: no consent document with this hash was uploaded within your jurisdiction; upload the signed form first (POST /consents/documents)`, { field });
  }
}

/**
 * For auditors: a document that now stands for more persons than one form plausibly covers, or for
 * persons of different households (src/consent/documents.ts widelyUsedDocuments).
 */
function reuseFlag(reused: readonly DocumentUse[]): Record<string, unknown> {
  if (reused.length === 0) return {};
  return { flag: 'DOCUMENT_REUSED', documentReusedFor: reused[0]!.persons, reusedDocuments: reused };
}

/**
 * Registers signed authorisations and audits the registration in the same transaction. The
 * consent names the person, so the person is recorded too.
 */
export async function registerConsents(db: Knex, caller: Caller, inputs: readonly ConsentInput[]): Promise<Consent[]> {
  const valid = validate(inputs, new Date(), caller.org);
  return inTransaction(db, async (trx) => {
    await requireDocuments(trx, caller, valid);
    const personIds = await upsertPersons(trx, [...valid, ...valid.flatMap((c) => (c.guardian ? [c.guardian] : []))]);
    const rows: { id: string; person_id: string; document_sha256: string; purposes: Purpose[]; valid_from: Date; valid_until: Date }[] = await trx('consents')
      .insert(
        valid.map((c) => ({
          person_id: personIds.get(c.idNumber),
          guardian_person_id: c.guardian ? personIds.get(c.guardian.idNumber) : null,
          document_sha256: c.documentSha256,
          purposes: c.purposes,
          valid_from: c.from,
          valid_until: c.until,
          registered_by: caller.sub,
          registered_org: caller.org,
        })),
      )
      .returning(['id', 'person_id', 'document_sha256', 'purposes', 'valid_from', 'valid_until']);
    const reused = await widelyUsedDocuments(trx, valid.map((c) => c.documentSha256));
    await appendAuditEvents(trx, [
      {
        action: 'consent.register',
        outcome: 'ALLOWED',
        actor: caller,
        consentIds: rows.map((r) => r.id),
        subjectIds: [...new Set(rows.map((r) => r.person_id))],
        details: { members: valid.map((c) => maskIdNumber(c.idNumber)), documents: valid.map((c) => c.documentSha256), guardians: valid.map((c) => (c.guardian ? maskIdNumber(c.guardian.idNumber) : null)), ...reuseFlag(reused) },
      },
    ]);
    return rows.map((r, i) => ({
      id: r.id,
      idNumber: valid[i]!.idNumber,
      documentSha256: r.document_sha256,
      purposes: r.purposes,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      guardianIdNumber: valid[i]!.guardian?.idNumber ?? null,
    }));
  });
}

/**
 * Which of these consents are still valid for the purpose at `at` (not revoked, within their dates)
 * and bind `caller` (registered by an organisation whose jurisdiction holds the caller's).
 */
export async function validConsentIds(db: Knex, caller: Caller, ids: readonly string[], purpose: Purpose, at: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows: { id: string; registered_org: string }[] = await db('consents').whereIn('id', ids).whereRaw('? = ANY(purposes)', [purpose]).where('valid_from', '<=', at).where('valid_until', '>', at).whereNull('revoked_at').select('id', 'registered_org');
  return new Set(rows.filter((r) => inJurisdiction({ ...caller, org: r.registered_org }, caller.org)).map((r) => r.id));
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
