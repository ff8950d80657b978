import { checkTexts, requireUuid } from '../../validation/index.js';

/**
 * Arguments of type ID that are not UUIDs: catalogue codes and source ids, and the audit log's
 * sequence number (`before`). Every other id argument (`id`, `ids`, `reportId`, `householdId`, a
 * federation reference's `id`) names a stored row by its UUID.
 */
export const NON_UUID_ID_ARGUMENTS: readonly string[] = ['sources', 'codes', 'before'];

const isIdName = (name: string): boolean => name === 'id' || name === 'ids' || /[a-z]Ids?$/.test(name);

/** Arguments of the JSON scalar (documents the caller writes, e.g. a policy's `parameters`): not input objects, not walked for ids. */
export const JSON_ARGUMENTS: readonly string[] = ['parameters'];

/** Walks an input object (and lists of them) to any depth; each id field is a UUID, named by its path (`filter.requestId`). */
function checkIds(value: unknown, path: string, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 16) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkIds(v, `${path}[${i}]`, depth + 1));
    return;
  }
  for (const [name, field] of Object.entries(value)) {
    const at = path === '' ? name : `${path}.${name}`;
    if (depth === 0 && JSON_ARGUMENTS.includes(name)) continue;
    if (isIdName(name) && !NON_UUID_ID_ARGUMENTS.includes(name)) {
      if (Array.isArray(field)) field.forEach((v, i) => requireUuid(v, `${at}[${i}]`));
      else if (field !== null && field !== undefined) requireUuid(field, at);
      continue;
    }
    checkIds(field, at, depth + 1);
  }
}

/**
 * What every field's arguments pass before its resolver runs, whatever the field: each id is a
 * UUID, at the top level and inside input objects (`filter.requestId`), each string within its
 * length and free of control characters (NUL included), named by its path
 * (`input.household.members[3].name`). The field's own validation follows.
 */
export function checkArguments(args: unknown): void {
  if (args === null || typeof args !== 'object') return;
  checkIds(args, '', 0);
  checkTexts(args, '');
}
