import type { Caller } from '../auth/index.js';
import { consentCoverage } from '../consent/index.js';
import { HubError } from '../errors/index.js';
import { maskIdNumber } from '../identity/index.js';
import { requireJurisdiction, requireRole } from '../policy/index.js';
import { resolvePolicy, type ResolvedPolicy } from '../regional-policy/index.js';
import { localDate } from '../regions/index.js';
import { checkTexts } from '../validation/index.js';
import { refusedForPurpose, validateVerification, type ValidVerification, type VerificationInput } from './input.js';
import type { BatchItemKey, VerificationDeps, WantedFields } from './options.js';
import { recordRefusal } from './refuse.js';
import { residenceReasonOf, type ResidenceNote, type ResidenceReason } from './residence.js';

/** A verification that passed every check: what to fetch, under which consents and policy. */
export interface Admitted {
  caller: Caller;
  v: ValidVerification;
  codes: string[];
  /** Consent id by ID number, for every member and supporter (a minor: the consent that covers them). */
  consents: Map<string, string>;
  /** Recorded person ids found with the consents, by ID number (the access records only the others). */
  knownPersons: ReadonlyMap<string, string>;
  policy: ResolvedPolicy;
  now: Date;
  item: BatchItemKey | null;
  /** The caller's reason to verify a household registered elsewhere (residence.ts), and what the check found. */
  residenceReason: ResidenceReason | null;
  residence?: ResidenceNote;
  /**
   * The access recorded before any agency was asked (access.ts), whether an event has closed it, the
   * persons it recorded (id by ID number) and, for a single verification, the household's id.
   */
  access?: { id: string; closed: boolean; personIds: ReadonlyMap<string, string>; household?: string };
}

/** The attribute codes to fetch: what the selection or the input asks, within what the purpose allows. */
function wantedCodes(deps: VerificationDeps, v: ValidVerification, wanted: WantedFields): string[] {
  if (wanted.unknown.length > 0) {
    throw new HubError('UNKNOWN_ATTRIBUTE', `members.attributes(codes:): no attribute ${wanted.unknown.map((c) => JSON.stringify(c)).join(', ')} in the catalogue`, { field: 'members.attributes.codes' });
  }
  const asked = v.explicitAttributes ?? (wanted.attributes ? [...wanted.attributes] : null);
  if (asked !== null) {
    const refused = refusedForPurpose(deps.catalog, asked, v.purpose);
    const field = v.explicitAttributes !== null ? 'input.attributes' : 'input.purpose';
    if (refused.length > 0) throw new HubError('FORBIDDEN', `purpose ${v.purpose} does not allow ${refused.join(', ')}`, { field, attributes: refused });
  }
  const codes = new Set(asked ?? deps.catalog.attributes.filter((a) => a.purposes.includes(v.purpose)).map((a) => a.code));
  // The comparison with the declaration and the means test read only what the purpose allows, and
  // explicit attribute lists are exact: they are not widened for them.
  if (v.explicitAttributes === null) {
    const widen = [...(wanted.discrepancies ? deps.compared : []), ...(wanted.assessment ? deps.assessed : [])];
    for (const c of widen) if (deps.catalog.attribute(c)?.purposes.includes(v.purpose)) codes.add(c);
  }
  return [...codes];
}

/**
 * The consent model (src/consent consentCoverage): every adult member and supporter consents
 * themselves, minors through a guardian or a consenting adult member; only consents binding the caller count.
 */
async function checkConsents(deps: VerificationDeps, caller: Caller, v: ValidVerification, at: Date): Promise<{ consents: Map<string, string>; personIds: Map<string, string> }> {
  const persons = [...v.members.map((m) => ({ ...m, member: true })), ...v.supporters.map((s) => ({ ...s, member: false }))];
  const { consents, adults, minors, personIds } = await consentCoverage(deps.db, caller, persons, v.purpose, at);
  if (adults.length > 0 || minors.length > 0) {
    const masked = [...adults, ...minors].map(maskIdNumber);
    const parts = [
      ...(adults.length > 0 ? [`no valid consent for purpose ${v.purpose} from member(s) ${adults.map(maskIdNumber).join(', ')}`] : []),
      ...(minors.length > 0 ? [`minor(s) ${minors.map(maskIdNumber).join(', ')} need a guardian's consent for ${v.purpose} (a consenting adult member, or a consent registered with guardianIdNumber)`] : []),
    ];
    throw new HubError('CONSENT_MISSING', parts.join('; '), { members: masked, minors: minors.map(maskIdNumber), field: 'input.household.members' });
  }
  return { consents, personIds };
}

/**
 * Every check before anything is fetched, in order: role, input, jurisdiction, attributes and
 * purpose, consents, policy. A refusal is recorded and audited, then thrown.
 */
export async function admit(deps: VerificationDeps, caller: Caller, input: VerificationInput, wanted: WantedFields, now: Date, item: BatchItemKey | null): Promise<Admitted> {
  try {
    requireRole(caller, 'requestVerification');
    // Every string first (length, control characters, NUL): nothing unchecked reaches a statement or an agency.
    checkTexts(input, 'input');
    const v = validateVerification(input, deps.catalog, now);
    requireJurisdiction(caller, v.regionCode, 'input.household.regionCode');
    const residenceReason = residenceReasonOf(input);
    const codes = wantedCodes(deps, v, wanted);
    const { consents, personIds } = await checkConsents(deps, caller, v, now);
    // The policy in force on the region's day: a version from 1 January applies from midnight in Beijing, not 08:00.
    const policy = await resolvePolicy(deps.db, v.regionCode, localDate(now.toISOString(), v.regionCode));
    return { caller, v, codes, consents, knownPersons: personIds, policy, now, item, residenceReason };
  } catch (err) {
    if (err instanceof HubError) await recordRefusal(deps, caller, input, err, item);
    throw err;
  }
}
