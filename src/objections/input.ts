import type { Attribute, AttributeValue } from '../catalog/index.js';
import { HubError } from '../errors/index.js';

/*
 * The checks of an objection's and a review's input that need no database: the first problem
 * found is refused, naming the field. Values are never echoed in messages (they are personal data).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;
const NOTE_MAX = 500;

export interface Evidence {
  /** SHA-256 of the document that supports the objection (64 lower-case hex digits); the document stays with the caller. */
  documentSha256: string;
  note: string;
}

export interface ObjectionInput {
  reportId: string;
  personId: string;
  attribute: string;
  proposedValue: unknown;
  evidence: Evidence;
}

export type Decision = 'ACCEPT' | 'REJECT';

export function requireUuid(value: string, field: string, what: string): void {
  if (!UUID.test(value)) throw new HubError('BAD_USER_INPUT', `${field}: not ${what} id`, { field });
}

/** A note: 1 to 500 characters after trimming; returns it trimmed. */
export function requireNote(value: string, field: string): string {
  const note = value.trim();
  if (note.length === 0 || note.length > NOTE_MAX) throw new HubError('BAD_USER_INPUT', `${field}: 1 to ${NOTE_MAX} characters`, { field });
  return note;
}

export function requireEvidence(evidence: Evidence): Evidence {
  if (!SHA256.test(evidence.documentSha256)) {
    throw new HubError('BAD_USER_INPUT', 'evidence.documentSha256: the SHA-256 of the supporting document, 64 lower-case hex digits', { field: 'evidence.documentSha256' });
  }
  return { documentSha256: evidence.documentSha256, note: requireNote(evidence.note, 'evidence.note') };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a value fits the attribute's type (and its list, for an ENUM). */
function fits(attribute: Attribute, value: unknown): boolean {
  switch (attribute.type) {
    case 'MONEY':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1e12;
    case 'DECIMAL':
      return typeof value === 'number' && Number.isFinite(value);
    case 'INTEGER':
      return typeof value === 'number' && Number.isInteger(value);
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'DATE':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
    case 'TEXT':
      return typeof value === 'string' && value.trim().length > 0 && value.length <= 200;
    case 'ENUM':
      return typeof value === 'string' && (attribute.values ?? []).includes(value);
    default:
      return false;
  }
}

/** The proposed value, refused unless it fits the attribute (type, range, list). */
export function requireValue(attribute: Attribute, value: unknown): AttributeValue {
  if (!fits(attribute, value)) {
    const expected = attribute.type === 'ENUM' ? `one of ${(attribute.values ?? []).join(', ')}` : `a ${attribute.type.toLowerCase()} value${attribute.unit ? ` in ${attribute.unit}` : ''}`;
    throw new HubError('BAD_USER_INPUT', `proposedValue: ${attribute.code} takes ${expected}`, { field: 'proposedValue' });
  }
  return value as AttributeValue;
}
