import { PURPOSES, type Catalog, type Purpose } from '../catalog/index.js';
import { HubError } from '../errors/index.js';
import type { MemberFacts } from '../households/index.js';
import { checkIdNumber, maskIdNumber } from '../identity/index.js';
import { findRegion } from '../regions/index.js';
import type { DeclaredAssets, DeclaredIncome } from '../reports/index.js';
import { declaredAssetsOf, declaredIncomeOf } from './declared.js';

export const RELATIONS = ['HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'OTHER'] as const;
export const MAX_MEMBERS = 30;
export const MAX_SUPPORTERS = 10;

/** The `requestVerification` input as GraphQL hands it over (types already coerced). */
export interface VerificationInput {
  household: {
    regionCode: string;
    externalRef: string;
    members: { idNumber: string; name: string; relation: string; declaredMonthlyIncome?: number | null; declaredIncome?: Partial<DeclaredIncome> | null }[];
    declaredAssets?: Partial<DeclaredAssets> | null;
    /** Relatives outside the household obliged to support it (children of elderly members). */
    supporters?: { idNumber: string; name: string; relation: string }[] | null;
  };
  purpose: string;
  applicationRef: string;
  /** Narrow the verification to these attribute codes and/or whole sources. */
  attributes?: string[] | null;
  sources?: string[] | null;
  /** Why a household registered elsewhere is verified all the same (residence.ts). */
  residenceReason?: { kind: string; note: string } | null;
}

export interface ValidMember extends MemberFacts {
  declaredMonthlyIncome: number | null;
  /** By kind when so declared (then declaredMonthlyIncome is their sum). */
  declaredIncome: DeclaredIncome | null;
}

export interface ValidVerification {
  regionCode: string;
  externalRef: string;
  members: ValidMember[];
  supporters: MemberFacts[];
  declaredAssets: DeclaredAssets | null;
  purpose: Purpose;
  applicationRef: string;
  /** Attribute codes asked for explicitly, or null when the selection decides. */
  explicitAttributes: string[] | null;
}

const REF = /^[A-Za-z0-9][A-Za-z0-9_./:-]{0,63}$/;

function bad(field: string, reason: string): never {
  throw new HubError('BAD_USER_INPUT', `${field}: ${reason}`, { field });
}

/**
 * Checks a verification request before anything is looked up: every problem names the input
 * field at fault; ID numbers appear in messages only masked.
 */
export function validateVerification(input: VerificationInput, catalog: Catalog, today: Date = new Date()): ValidVerification {
  const h = input.household;
  if (!PURPOSES.includes(input.purpose as Purpose)) bad('input.purpose', `unknown purpose ${JSON.stringify(input.purpose)}; one of ${PURPOSES.join(', ')}`);
  if (!REF.test(input.applicationRef)) bad('input.applicationRef', 'must be 1-64 characters: letters, digits and _ . / : -, starting with a letter or digit');
  const region = findRegion(h.regionCode);
  if (!region) bad('input.household.regionCode', `unknown region code ${JSON.stringify(h.regionCode)}`);
  if (region.level === 'province' || region.level === 'city') bad('input.household.regionCode', `must be a county or township, ${h.regionCode} is a ${region.level}`);
  if (!REF.test(h.externalRef)) bad('input.household.externalRef', 'must be 1-64 characters: letters, digits and _ . / : -, starting with a letter or digit');
  if (h.members.length === 0) bad('input.household.members', 'a household has at least one member');
  if (h.members.length > MAX_MEMBERS) bad('input.household.members', `at most ${MAX_MEMBERS} members, got ${h.members.length}`);

  const seen = new Map<string, number>();
  const members = h.members.map((m, i): ValidMember => {
    const at = `input.household.members[${i}]`;
    const id = checkIdNumber(m.idNumber, today);
    if (!id.ok) throw new HubError('INVALID_ID_NUMBER', `${at}.idNumber: ${id.message}`, { field: `${at}.idNumber`, problem: id.problem });
    const earlier = seen.get(id.value.idNumber);
    if (earlier !== undefined) bad(`${at}.idNumber`, `${maskIdNumber(id.value.idNumber)} is already members[${earlier}]`);
    seen.set(id.value.idNumber, i);
    const name = m.name.trim();
    if (name.length === 0 || name.length > 50) bad(`${at}.name`, 'must have 1 to 50 characters');
    if (!(RELATIONS as readonly string[]).includes(m.relation)) bad(`${at}.relation`, `must be one of ${RELATIONS.join(', ')}`);
    return {
      idNumber: id.value.idNumber,
      name,
      relation: m.relation,
      birthDate: id.value.birthDate,
      sex: id.value.sex,
      ...declaredIncomeOf(m, at),
    };
  });
  const supporterInput = h.supporters ?? [];
  if (supporterInput.length > MAX_SUPPORTERS) bad('input.household.supporters', `at most ${MAX_SUPPORTERS} supporters, got ${supporterInput.length}`);
  const supporters = supporterInput.map((s, i): MemberFacts => {
    const at = `input.household.supporters[${i}]`;
    const id = checkIdNumber(s.idNumber, today);
    if (!id.ok) throw new HubError('INVALID_ID_NUMBER', `${at}.idNumber: ${id.message}`, { field: `${at}.idNumber`, problem: id.problem });
    if (seen.has(id.value.idNumber)) bad(`${at}.idNumber`, `${maskIdNumber(id.value.idNumber)} is already a member or supporter`);
    seen.set(id.value.idNumber, i);
    const name = s.name.trim();
    if (name.length === 0 || name.length > 50) bad(`${at}.name`, 'must have 1 to 50 characters');
    if (!(RELATIONS as readonly string[]).includes(s.relation) || s.relation === 'HEAD') bad(`${at}.relation`, `must be one of ${RELATIONS.filter((r) => r !== 'HEAD').join(', ')}`);
    return { idNumber: id.value.idNumber, name, relation: s.relation, birthDate: id.value.birthDate, sex: id.value.sex };
  });
  const heads = members.filter((m) => m.relation === 'HEAD').length;
  if (heads !== 1) bad('input.household.members', `exactly one member must have relation HEAD, found ${heads}`);

  const declaredAssets = declaredAssetsOf(h.declaredAssets, catalog);

  let explicitAttributes: string[] | null = null;
  if (input.attributes || input.sources) {
    const codes = new Set<string>();
    for (const [i, code] of (input.attributes ?? []).entries()) {
      if (!catalog.attribute(code)) throw new HubError('UNKNOWN_ATTRIBUTE', `input.attributes[${i}]: no attribute ${JSON.stringify(code)} in the catalogue`, { field: `input.attributes[${i}]` });
      codes.add(code);
    }
    for (const [i, id] of (input.sources ?? []).entries()) {
      if (!catalog.source(id)) throw new HubError('UNKNOWN_ATTRIBUTE', `input.sources[${i}]: no source ${JSON.stringify(id)} in the catalogue`, { field: `input.sources[${i}]` });
      // A whole source means what of it the purpose allows; a source with nothing allowed is refused.
      const allowed = catalog.attributesOf(id).filter((a) => a.purposes.includes(input.purpose as Purpose));
      if (allowed.length === 0) throw new HubError('FORBIDDEN', `input.sources[${i}]: purpose ${input.purpose} allows nothing from ${id}`, { field: `input.sources[${i}]` });
      for (const attr of allowed) codes.add(attr.code);
    }
    explicitAttributes = [...codes];
  }
  return { regionCode: h.regionCode, externalRef: h.externalRef, members, supporters, declaredAssets, purpose: input.purpose as Purpose, applicationRef: input.applicationRef, explicitAttributes };
}

/** Attributes the purpose does not allow, among those asked for. */
export function refusedForPurpose(catalog: Catalog, codes: Iterable<string>, purpose: Purpose): string[] {
  return [...codes].filter((c) => !catalog.attribute(c)?.purposes.includes(purpose));
}

