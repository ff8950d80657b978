import { checkTexts, requireUuid } from '../../validation/index.js';

/**
 * Arguments of type ID that are not UUIDs: catalogue codes and source ids, and the audit log's
 * sequence number (`before`). Every other id argument (`id`, `ids`, `reportId`, `householdId`, a
 * federation reference's `id`) names a stored row by its UUID.
 */
export const NON_UUID_ID_ARGUMENTS: readonly string[] = ['sources', 'codes', 'before'];

const isIdName = (name: string): boolean => name === 'id' || name === 'ids' || /[a-z]Ids?$/.test(name);

/**
 * What every field's arguments pass before its resolver runs, whatever the field: each id is a
 * UUID, each string within its length and free of control characters (NUL included), named by its
 * path (`input.household.members[3].name`). The field's own validation follows.
 */
export function checkArguments(args: unknown): void {
  if (args === null || typeof args !== 'object') return;
  for (const [name, value] of Object.entries(args)) {
    if (isIdName(name) && !NON_UUID_ID_ARGUMENTS.includes(name)) {
      if (Array.isArray(value)) value.forEach((v, i) => requireUuid(v, `${name}[${i}]`));
      else if (value !== null && value !== undefined) requireUuid(value, name);
    }
  }
  checkTexts(args, '');
}
