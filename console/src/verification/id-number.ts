// The hub's own GB 11643 check (plain code, no imports), so a number passes here exactly when the API accepts it.
import { checkCharacter, checkIdNumber } from '../../../src/identity/id-number.js';
import { translate, type Language } from '../i18n';

export interface IdNumberState {
  ok: boolean;
  /** What is wrong, or what the number says (birth date, sex, age), in the page's language. */
  message: string;
  birthDate?: string;
  age?: number;
}

function ageOn(birthDate: string, today: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const before = today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d);
  return today.getFullYear() - y - (before ? 1 : 0);
}

/** An ID number as typed: GB 11643 region, birth date and MOD 11-2 check character, with a message naming what is wrong. */
export function describeIdNumber(input: string, language: Language, today = new Date()): IdNumberState {
  const value = input.trim().toUpperCase();
  const check = checkIdNumber(value, today);
  if (check.ok) {
    const age = ageOn(check.value.birthDate, today);
    const sex = translate(language, check.value.sex === 'MALE' ? 'sex_MALE' : 'sex_FEMALE');
    return { ok: true, message: translate(language, 'idOk', { birth: check.value.birthDate, sex, age }), birthDate: check.value.birthDate, age };
  }
  const values = { n: value.length, region: value.slice(0, 6), birth: value.slice(6, 14), expected: value.length >= 17 ? checkCharacter(value.slice(0, 17)) : '' };
  return { ok: false, message: translate(language, `id_${check.problem}`, values) };
}
