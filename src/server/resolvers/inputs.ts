import { HubError } from '../../errors/index.js';
import { parseInstant } from '../../validation/index.js';

/** An optional ISO 8601 date-time argument; BAD_USER_INPUT names the field when it does not parse. */
export function instant(value: string | null | undefined, field: string): Date | null {
  if (!value) return null;
  // Strict (src/validation): every part must exist, 2026-02-30 is refused rather than rolled over.
  return parseInstant(value, field);
}

/** A `first` page size inside its bounds. */
export function requirePageSize(first: number, max: number): void {
  if (first < 1 || first > max) throw new HubError('BAD_USER_INPUT', `first: must be 1 to ${max}`, { field: 'first' });
}
