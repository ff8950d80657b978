import { HubError } from '../errors/index.js';

/**
 * C0 controls (NUL included) and DEL, C1 controls, and the bidirectional overrides and isolates
 * (a name that displays differently from what is stored). PostgreSQL refuses NUL in text and jsonb,
 * so a NUL that reached a statement used to fail the request with an internal error.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Longest accepted string for an input key, whatever object it sits in; others get DEFAULT_TEXT_LIMIT. */
export type TextLimits = Readonly<Record<string, number>>;
export const DEFAULT_TEXT_LIMIT = 1_000;

/**
 * Keys whose values are short by nature. Generous against the field's own rule (a name has 1 to 50
 * characters after trimming; the field's validator still applies): what this bounds is what a
 * refusal may carry into messages, audit details and logs.
 */
export const TEXT_LIMITS: TextLimits = {
  idNumber: 32,
  name: 100,
  regionCode: 12,
  relation: 32,
  externalRef: 128,
  applicationRef: 128,
  purpose: 64,
  programme: 64,
  department: 200,
  documentSha256: 128,
  date: 40,
  effectiveFrom: 40,
  validFrom: 40,
  validUntil: 40,
  since: 40,
  until: 40,
  cron: 100,
  url: 2_048,
  about: 4_000,
  jws: 2_000_000,
};

/** Keys whose text may hold line breaks and tabs (free text); every other string is one line. */
const MULTILINE = new Set(['about']);

/**
 * One string: at most `max` characters, no control characters (NUL included; TAB, CR and LF only
 * when `multiline`). BAD_USER_INPUT names the field; the message never repeats the value.
 */
export function checkText(value: string, field: string, max: number, multiline = false): string {
  if (value.length > max) throw new HubError('BAD_USER_INPUT', `${field}: at most ${max} characters, got ${value.length}`, { field, limit: max });
  if ((multiline ? CONTROL_BUT_LINES : CONTROL).test(value)) {
    throw new HubError('BAD_USER_INPUT', `${field}: must not contain control characters (NUL, C0/C1 controls, bidirectional overrides)`, { field });
  }
  return value;
}

const MAX_DEPTH = 32;

/**
 * Every string inside `value` (arguments, input objects, lists, JSON documents), each against the
 * limit of its key (`limits`, else DEFAULT_TEXT_LIMIT); list items take their list's key. Object
 * keys are checked too. The first problem is thrown, naming its path (`input.household.members[3].name`).
 */
export function checkTexts(value: unknown, path: string, limits: TextLimits = TEXT_LIMITS): void {
  walk(value, path, null, limits, 0);
}

function walk(value: unknown, path: string, key: string | null, limits: TextLimits, depth: number): void {
  if (depth > MAX_DEPTH) throw new HubError('BAD_USER_INPUT', `${path}: nested too deeply`, { field: path });
  if (typeof value === 'string') {
    checkText(value, path, (key !== null ? limits[key] : undefined) ?? DEFAULT_TEXT_LIMIT, key !== null && MULTILINE.has(key));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, key, limits, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path === '' ? k : `${path}.${k}`;
      checkText(k, `${at} (key)`, 200);
      walk(v, at, k, limits, depth + 1);
    }
  }
}

/**
 * Unchecked text made safe to record with a refusal: control characters replaced by U+FFFD and cut
 * to `max` characters (an ellipsis marks the cut). For audit details and refusal rows only.
 */
export function printable(value: unknown, max: number): string {
  const text = String(value ?? '').slice(0, max + 1).replace(CONTROL_ALL, '\ufffd');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
