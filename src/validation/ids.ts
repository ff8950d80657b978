import { HubError } from '../errors/index.js';

// Any RFC 9562 layout (version and variant not checked): PostgreSQL's uuid type accepts it as is.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An id argument: a UUID, or BAD_USER_INPUT naming the field (never a database cast error, never 500). */
export function requireUuid(value: unknown, field: string): string {
  if (!isUuid(value)) throw new HubError('BAD_USER_INPUT', `${field}: not an id (a UUID such as 123e4567-e89b-12d3-a456-426614174000)`, { field });
  return value;
}
