// GB 11643-1999: 17 digits and a check character (ISO 7064 MOD 11-2), checked as typed so a
// mistyped number is named at the field before anything is sent.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function isResidentIdNumber(value: string): boolean {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(v[i]), 0);
  return CHECK_CHARS[sum % 11] === v[17];
}
