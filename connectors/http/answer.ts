import { inKeyOrder } from '../../src/canonical/index.js';
import { SourceError, type AttributeValue, type PersonRecord } from '../contract/index.js';

/** Why an answer cannot be read: the place in it and what is wrong there. */
class Malformed extends Error {}

function fail(where: string, what: string): never {
  throw new Malformed(`${where}: ${what}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  return typeof value === 'string' ? value : fail(`${where}.${key}`, 'expected a string');
}

/**
 * A record's values, checked and with their keys in canonical order: the report holds them as
 * they are, and a report built in canonical order is signed without being copied.
 */
function valuesOf(value: unknown, where: string): Record<string, AttributeValue> {
  if (!isObject(value)) fail(where, 'expected an object of attribute values');
  const entries: [string, AttributeValue][] = [];
  for (const [code, v] of Object.entries(value)) {
    // No catalogue code is `__proto__`; kept, it would send every report holding it to the slow printer.
    if (code === '__proto__') continue;
    // The agency's key is repeated in the report's error: bounded.
    if (v !== null && typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) fail(`${where}.${code.slice(0, 64)}`, 'expected a string, a finite number, a boolean or null');
    entries.push([code, v]);
  }
  return inKeyOrder(entries);
}

/** One person's entry of `results`, by ID number. */
function personOf(entry: unknown, where: string): [string, PersonRecord] {
  if (!isObject(entry)) fail(where, 'expected an object');
  const idNumber = text(entry, 'idNumber', where);
  if (entry.found === false) return [idNumber, { found: false }];
  if (entry.found !== true) fail(`${where}.found`, 'expected true or false');
  return [idNumber, { asOf: text(entry, 'asOf', where), found: true, values: valuesOf(entry.values, `${where}.values`) }];
}

/**
 * Reads an agency's per-person answer. A person the agency left out of its answer counts as not
 * found rather than silently missing, and an answer that does not parse is the agency's failure,
 * named by where in the answer it went wrong. Checked by hand rather than by a schema library:
 * every value the hub receives passes here (426 attributes a person), and the check builds the
 * record the report keeps in the same pass instead of a copy to be reordered later (issue 15).
 */
export function readRecords(source: string, persons: readonly string[], body: unknown): Map<string, PersonRecord> {
  const byId = new Map<string, PersonRecord>();
  try {
    const results = isObject(body) ? body.results : fail('answer', 'expected an object');
    if (!Array.isArray(results)) fail('results', 'expected an array');
    results.forEach((entry, i) => {
      const [idNumber, record] = personOf(entry, `results[${i}]`);
      byId.set(idNumber, record);
    });
  } catch (err) {
    if (err instanceof Malformed) throw new SourceError(source, 'UNAVAILABLE', `agency answer is malformed: ${err.message}`);
    throw err;
  }
  const records = new Map<string, PersonRecord>();
  for (const id of persons) records.set(id, byId.get(id) ?? { found: false });
  return records;
}
