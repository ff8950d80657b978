import type { HouseholdsMessages } from './messages';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * Why an ID number typed into a search is not a resident ID number (GB 11643-1999, MOD 11-2 check
 * character), as a message key with its values; null when it may be one. The hub checks it again
 * (INVALID_ID_NUMBER): this only spares a round trip and says what is wrong while typing.
 */
export function idNumberProblem(input: string): { key: keyof HouseholdsMessages; values?: Record<string, number> } | null {
  const id = input.trim().toUpperCase();
  if (id.length !== 18) return { key: 'errIdLength', values: { n: id.length } };
  if (!/^\d{17}[\dX]$/.test(id)) return { key: 'errIdShape' };
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17] ? null : { key: 'errIdCheck' };
}
