import { HubError } from '../errors/index.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// A date, or a date-time with minutes, optional seconds and fraction, and an optional zone (Z or ±hh:mm / ±hhmm).
const INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/** A day that exists on the calendar (2026-02-30 does not; JavaScript's Date would roll it over to March). */
export function isRealDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function bad(field: string, value: string, what: string): never {
  const shown = value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value);
  throw new HubError('BAD_USER_INPUT', `${field}: must be ${what}, got ${shown}`, { field });
}

/** A calendar day `YYYY-MM-DD`, returned as given; impossible days are refused naming the field. */
export function parseDay(value: string, field: string): string {
  if (typeof value !== 'string' || !isRealDay(value)) bad(field, String(value), 'a real date YYYY-MM-DD');
  return value;
}

/**
 * An ISO 8601 date or date-time (`2026-03-01`, `2026-03-01T08:00Z`, `2026-03-01T08:00:00.000+08:00`);
 * a date alone is midnight UTC. Every part must exist: no 2026-02-30, no 24:00, no +25:00 zone.
 */
export function parseInstant(value: string, field: string): Date {
  const what = 'an ISO 8601 date or date-time that exists';
  if (typeof value !== 'string') bad(field, String(value), what);
  const m = INSTANT.exec(value);
  if (!m || !isRealDay(m[1]!)) bad(field, value, what);
  const [h, min, s, zh, zm] = [m[2], m[3], m[4], m[6], m[7]].map((x) => (x === undefined ? 0 : Number(x))) as [number, number, number, number, number];
  if (h > 23 || min > 59 || s > 59 || zh > 23 || zm > 59) bad(field, value, what);
  const d = new Date(m[2] === undefined ? `${m[1]}T00:00:00Z` : m[5] === undefined ? `${value}Z` : value);
  if (Number.isNaN(d.getTime())) bad(field, value, what);
  return d;
}
