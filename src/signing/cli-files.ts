import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { UsageError } from '../cli/index.js';

// One UsageError for every command (src/cli): exit code 2 wherever it is thrown.
export { UsageError };

const READ_ERRORS: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a directory' };

/** A text file's content, or a UsageError naming `label` and why it cannot be read. */
export async function readText(file: string, label: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`${label}: ${READ_ERRORS[code] ?? `cannot read (${code || (err as Error).message})`}`);
  }
}

/** A JWKS file ({"keys": [...]}), or a UsageError naming `label`. */
export async function readJwks(file: string, label: string): Promise<JSONWebKeySet> {
  const text = await readText(file, label);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${label}: not JSON; expected a JWKS ({"keys": [...]})`);
  }
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys)) {
    throw new UsageError(`${label}: not a JWKS ({"keys": [...]})`);
  }
  return value as JSONWebKeySet;
}
