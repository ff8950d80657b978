/**
 * Resident identity numbers of GB 11643-1999: 6-digit administrative region, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women), ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/**
 * The first two digits of every GB/T 2260 region code: the 34 province-level divisions (31
 * provinces, autonomous regions and municipalities, Taiwan 71, Hong Kong 81, Macao 82), plus 83,
 * which GB 11643-format residence permits of Taiwan residents carry (830000). Checked at province
 * level because a person may be born or registered in a region the hub does not list
 * (src/regions holds only the regions it serves); anything else (99, 10, 00) is no real region.
 */
export const PROVINCE_PREFIXES: readonly string[] = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42',
  '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
];

export type IdNumberProblem = 'WRONG_LENGTH' | 'BAD_CHARACTER' | 'BAD_REGION' | 'IMPOSSIBLE_BIRTH_DATE' | 'WRONG_CHECK_DIGIT';

export interface ParsedIdNumber {
  idNumber: string;
  regionCode: string;
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
}

export type IdNumberCheck = { ok: true; value: ParsedIdNumber } | { ok: false; problem: IdNumberProblem; message: string };

/** The MOD 11-2 check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** A birth date that exists on the calendar, not in the future and not before 1900. */
function isPossibleBirthDate(yyyymmdd: string, today: Date): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return y >= 1900 && date.getTime() <= today.getTime();
}

/** Validates an 18-digit resident ID number; a lower-case `x` check character is accepted and normalised. */
export function checkIdNumber(input: string, today: Date = new Date()): IdNumberCheck {
  const idNumber = String(input).trim().toUpperCase();
  if (idNumber.length !== 18) {
    return { ok: false, problem: 'WRONG_LENGTH', message: `must have 18 characters, has ${idNumber.length}` };
  }
  if (!SHAPE.test(idNumber)) {
    return { ok: false, problem: 'BAD_CHARACTER', message: 'must be 17 digits followed by a digit or X' };
  }
  const regionCode = idNumber.slice(0, 6);
  if (!PROVINCE_PREFIXES.includes(regionCode.slice(0, 2))) {
    return { ok: false, problem: 'BAD_REGION', message: `region code ${regionCode} is not a valid administrative code` };
  }
  const birth = idNumber.slice(6, 14);
  if (!isPossibleBirthDate(birth, today)) {
    return { ok: false, problem: 'IMPOSSIBLE_BIRTH_DATE', message: `birth date ${birth} is not a possible date` };
  }
  if (checkCharacter(idNumber.slice(0, 17)) !== idNumber[17]) {
    return { ok: false, problem: 'WRONG_CHECK_DIGIT', message: 'check character does not match (GB 11643 MOD 11-2)' };
  }
  return {
    ok: true,
    value: {
      idNumber,
      regionCode,
      birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
      sex: Number(idNumber[16]) % 2 === 1 ? 'MALE' : 'FEMALE',
    },
  };
}

/** Builds a valid number from its parts (used by the sandbox population and tests). */
export function composeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** The only form in which an ID number may appear in logs: region code and last four characters. */
export function maskIdNumber(idNumber: string): string {
  // Never the characters of a malformed number, and never longer than a real one (a 1,000,000-character input stays short).
  if (idNumber.length !== 18) return '*'.repeat(Math.min(Math.max(idNumber.length, 1), 18));
  return `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`;
}

// Not \b: an ID number glued to letters or '_' ("id370102...", "key_370102...") is masked too.
const ID_LIKE = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)/g;

/** Masks every ID-number-shaped run inside free text (error messages, upstream bodies). */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_LIKE, '$1********$2');
}
