import type { Knex } from 'knex';
import type { Caller } from '../auth/index.js';
import type { Purpose } from '../catalog/index.js';
import { idNumberHash } from '../data-protection/index.js';
import { idNumberHashes, personIdNumber } from '../households/index.js';
import { inJurisdiction } from '../policy/index.js';

/** Adult from the 18th birthday (UTC) on; `birthDate` is `YYYY-MM-DD`. */
export function adultOn(birthDate: string, at: Date): boolean {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  return at.getTime() >= Date.UTC(y + 18, m - 1, d);
}

/** A person a verification asks about: a member of the household, or a supporter outside it. */
export interface CoveredPerson {
  idNumber: string;
  birthDate: string;
  member: boolean;
}

export interface ConsentCoverage {
  /** Consent id by ID number, for every person covered (a minor member: the consent that covers them). */
  consents: Map<string, string>;
  /** Adults (members and supporters) without a valid consent of their own. */
  adults: string[];
  /** Minors covered neither by a guardian's consent nor by a consenting adult member. */
  minors: string[];
  /** The recorded person id of everyone with a consent row found (their rows exist already: nothing to record again). */
  personIds: Map<string, string>;
}

interface ConsentRow {
  id: string;
  person_id: string;
  id_number: string;
  registered_org: string;
  guardian_id_number: string | null;
  /** When the consent was registered: a person's own consent counts only if they were an adult then. */
  created_at: Date;
}

type SealedConsentRow = Omit<ConsentRow, 'id_number' | 'guardian_id_number'> & { id_number_hmac: Buffer; guardian_id: string | null; guardian_sealed: Buffer | null };

/** The birth date inside a GB 11643 number (digits 7-14). */
const birthDateOf = (idNumber: string) => `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;

/**
 * Valid, unrevoked consents of these persons for the purpose at `at` that bind the caller: only
 * those registered by an organisation whose jurisdiction holds the caller's organisation count
 * (a consent signed for a county's office does not authorise another county, nor the city above).
 * Ordered so that, per person, the last is the one valid longest. `found` is every valid consent of
 * theirs, binding the caller or not (it gives their recorded person ids).
 */
async function bindingConsents(db: Knex, caller: Caller, idNumbers: readonly string[], purpose: Purpose, at: Date): Promise<{ binding: ConsentRow[]; found: ConsentRow[] }> {
  if (idNumbers.length === 0) return { binding: [], found: [] };
  // Persons hold their numbers sealed: found by the keyed hash, the guardian's number opened.
  const numberOf = new Map(idNumbers.map((n) => [idNumberHash(db, n).toString('hex'), n]));
  const found: SealedConsentRow[] = await db('consents as c')
    .join('persons as p', 'p.id', 'c.person_id')
    .leftJoin('persons as g', 'g.id', 'c.guardian_person_id')
    .whereIn('p.id_number_hmac', idNumberHashes(db, idNumbers))
    .whereRaw('? = ANY(c.purposes)', [purpose])
    .where('c.valid_from', '<=', at)
    .where('c.valid_until', '>', at)
    .whereNull('c.revoked_at')
    .orderBy('c.valid_until', 'asc')
    .select('c.id', 'p.id as person_id', 'p.id_number_hmac', 'c.registered_org', 'g.id as guardian_id', 'g.id_number_sealed as guardian_sealed', 'c.created_at');
  const rows: ConsentRow[] = found.map(({ id_number_hmac, guardian_id, guardian_sealed, ...r }) => ({
    ...r,
    id_number: numberOf.get(id_number_hmac.toString('hex'))!,
    guardian_id_number: guardian_id && guardian_sealed ? personIdNumber(db, { id: guardian_id, id_number_sealed: guardian_sealed }) : null,
  }));
  // The registering organisation's jurisdiction must hold the caller's: src/policy decides.
  return { binding: rows.filter((r) => inJurisdiction({ ...caller, org: r.registered_org }, caller.org)), found: rows };
}

/**
 * Who is covered for a verification by `caller` (the consent model, docs/VERIFICATION.md section 3):
 * - an adult (member or supporter) by a consent of their own, registered when they were already an
 *   adult (one signed by a guardian while they were a minor, or registered for them without a
 *   guardian while they were a minor, never counts);
 * - a minor by a consent registered for them with an adult guardian (guardianIdNumber), or, if a
 *   member, by the consent of an adult member of the same household; a minor's own consent never
 *   counts, so a household without an adult needs a guardian's consent for each minor.
 */
export async function consentCoverage(db: Knex, caller: Caller, persons: readonly CoveredPerson[], purpose: Purpose, at: Date): Promise<ConsentCoverage> {
  const { binding: rows, found } = await bindingConsents(db, caller, persons.map((p) => p.idNumber), purpose, at);
  const own = new Map<string, string>();
  const guardians = new Map<string, string>();
  for (const r of rows) {
    // A consent registered without a guardian while the person was a minor is never their own
    // consent: not then, and not once they turn 18 (they must sign again as an adult).
    if (r.guardian_id_number === null) {
      if (adultOn(birthDateOf(r.id_number), r.created_at)) own.set(r.id_number, r.id);
    }
    else if (adultOn(birthDateOf(r.guardian_id_number), at)) guardians.set(r.id_number, r.id);
  }
  const consents = new Map<string, string>();
  const adults: string[] = [];
  const minors: string[] = [];
  for (const p of persons) {
    if (!adultOn(p.birthDate, at)) continue;
    const id = own.get(p.idNumber);
    if (id) consents.set(p.idNumber, id);
    else adults.push(p.idNumber);
  }
  // The first consenting adult member (the head, when an adult) covers the household's minors.
  const adultMember = persons.find((p) => p.member && consents.has(p.idNumber));
  for (const p of persons) {
    if (adultOn(p.birthDate, at)) continue;
    const id = guardians.get(p.idNumber) ?? (p.member && adultMember ? consents.get(adultMember.idNumber) : undefined);
    if (id) consents.set(p.idNumber, id);
    else minors.push(p.idNumber);
  }
  return { consents, adults, minors, personIds: new Map(found.map((r) => [r.id_number, r.person_id])) };
}
