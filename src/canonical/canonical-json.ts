export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Canonical JSON (RFC 8785, JCS) for the values the hub signs and hashes: object keys sorted by
 * UTF-16 code units (what `Array.prototype.sort` and `<` compare by), no whitespace, strings and
 * numbers as ECMAScript prints them (which is what JCS prescribes). PostgreSQL's jsonb reorders
 * keys, so anything hashed must be hashed in this form.
 *
 * Every report version passes through here (120-160 KB each), so the value is first brought into
 * canonical key order (objects already in order, most of a stored body, are not copied) and then
 * printed by the engine's own JSON.stringify, which prints strings and numbers as JCS wants: 2.7x
 * faster than printing it in JavaScript. Objects the engine would print differently (integer-like
 * keys, which objects enumerate first; `toJSON` other than a Date's; a `__proto__` key) take the
 * printer written out below.
 */
export function canonicalJson(value: unknown): string {
  let ordered: unknown;
  try {
    ordered = inCanonicalOrder(value);
  } catch (err) {
    if (err === ENGINE_WOULD_DIFFER) return printCanonical(value);
    throw err;
  }
  return JSON.stringify(ordered);
}

const ENGINE_WOULD_DIFFER = Symbol('canonical: print in JavaScript');

const ARRAY_INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

/**
 * A key JSON.stringify would not print in insertion order (an array index: objects enumerate those
 * first, in numeric order), or that a copy could not hold as its own (`__proto__`).
 */
function awkwardKey(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c >= 48 && c <= 57) return ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1;
  return key === '__proto__';
}

function differ(): never {
  throw ENGINE_WOULD_DIFFER;
}

function refuse(value: unknown): never {
  if (typeof value === 'number') throw new TypeError(`canonical JSON cannot hold ${value}`);
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/**
 * `value` with every object's keys in canonical order: the value itself where it already is, else
 * copies of the objects out of order and of those holding them. Checks what JSON cannot hold.
 */
function inCanonicalOrder(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : refuse(value);
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        let copy: unknown[] | null = null;
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          const ordered = item === undefined ? null : inCanonicalOrder(item);
          if (ordered !== item && copy === null) copy = value.slice(0, i);
          if (copy !== null) copy.push(ordered);
        }
        return copy ?? value;
      }
      // An invalid date: the engine prints null where toISOString throws.
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? differ() : value;
      const record = value as Record<string, unknown>;
      if (typeof record.toJSON === 'function') differ();
      // Most objects of a report are already in order with nothing below to copy: walked with
      // for-in (the engine's cached key list) and left as they are, with nothing allocated.
      let previous: string | undefined;
      let inOrder = true;
      let changed: Map<string, unknown> | null = null;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        if (awkwardKey(key)) differ();
        if (previous !== undefined && previous > key) inOrder = false;
        previous = key;
        const item = record[key];
        const ordered = item === undefined ? undefined : inCanonicalOrder(item);
        if (ordered !== item) (changed ??= new Map()).set(key, ordered);
      }
      if (inOrder && changed === null) return value;
      const keys = Object.keys(record);
      // The default order compares UTF-16 code units, as `<` does.
      if (!inOrder) keys.sort();
      const copy: Record<string, unknown> = {};
      for (const key of keys) {
        const item = changed?.has(key) ? changed.get(key) : record[key];
        if (item !== undefined) copy[key] = item;
      }
      return copy;
    }
    default:
      return refuse(value);
  }
}

/** The same canonical JSON printed in JavaScript, for what the engine's printer would print otherwise. */
function printCanonical(value: unknown): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : refuse(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          const item: unknown = value[i];
          out += item === undefined ? 'null' : printCanonical(item);
        }
        return `${out}]`;
      }
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      // Keys iterated explicitly: an object's own order puts integer-like keys first.
      for (const key of Object.keys(record).sort()) {
        const item = record[key];
        if (item === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${printCanonical(item)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return refuse(value);
  }
}

/**
 * An object holding `entries` with its keys in canonical order, for a map whose keys are data
 * (attribute codes, source ids, person ids). A report built in canonical order is signed without a
 * copy of it being made (inCanonicalOrder); a later entry of the same key wins, as in
 * Object.fromEntries. Integer-like keys are the exception: an object lists them first whatever
 * the order they were set in, and canonicalJson prints such an object in JavaScript instead.
 */
export function inKeyOrder<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const byKey = new Map<string, T>(entries);
  const out: Record<string, T> = {};
  for (const key of [...byKey.keys()].sort()) {
    // A key that is data can be `__proto__`: an own property then, not the object's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: byKey.get(key), enumerable: true, writable: true, configurable: true });
    else out[key] = byKey.get(key)!;
  }
  return out;
}

/**
 * The UTF-8 bytes of canonicalJson(value): the bytes that are hashed and signed. Written into a
 * buffer of the exact length, since Buffer.from sizes a large string's buffer for the worst case
 * and copies it again (for a report body, most of the encoding's cost).
 */
export function canonicalBytes(value: unknown): Buffer {
  const json = canonicalJson(value);
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(json, 'utf8'));
  bytes.write(json, 0, 'utf8');
  return bytes;
}
