import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson, inKeyOrder } from '../../src/canonical/index.js';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units (the RFC 8785 section 3.2.3 example)', () => {
    const value = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    expect(canonicalJson(value)).toBe('{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}');
  });

  it('orders integer-like keys as text, not as an object enumerates them', () => {
    expect(canonicalJson({ 2: 'b', 10: 'a', x: { 9: true, 10: false } })).toBe('{"10":"a","2":"b","x":{"10":false,"9":true}}');
  });

  it('prints numbers as ECMAScript does (RFC 8785 section 3.2.2.3)', () => {
    expect(canonicalJson([1e21, 0.000001, 1e-7, -0, 333333333.3333333, 4.5, 2 ** 53])).toBe('[1e+21,0.000001,1e-7,0,333333333.3333333,4.5,9007199254740992]');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/cannot hold NaN/);
    expect(() => canonicalJson([Infinity])).toThrow(/cannot hold Infinity/);
  });

  it('drops undefined members, writes undefined array items as null, dates as ISO strings, no whitespace', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, null, 'x\n"'], d: new Date('2026-11-27T00:00:00Z') })).toBe('{"a":[null,null,"x\\n\\""],"d":"2026-11-27T00:00:00.000Z"}');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson([])).toBe('[]');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(undefined)).toThrow(/cannot hold a undefined/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/cannot hold a function/);
    expect(() => canonicalJson(1n)).toThrow(/cannot hold a bigint/);
  });
});

/** RFC 8785 written the plain way: the reference the hub's faster canonicalJson must equal. */
function reference(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .filter((k) => record[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${reference(record[k])}`)
    .join(',')}}`;
}

describe('canonical JSON against a plain reference', () => {
  // A small deterministic generator (no seedless randomness in tests).
  let state = 20261127;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const KEYS = ['a', 'b', 'z', 'A', '_', 'code', 'value', '10', '9', '0', '01', '__proto__', 'é', '\u20ac', '\ud83d\ude00', 'x y', 'members', 'asOf', ''];
  function value(depth: number): unknown {
    const kind = depth > 3 ? Math.floor(next() * 5) : Math.floor(next() * 8);
    switch (kind) {
      case 0:
        return pick(['', 'text', 'line\nbreak "quoted"', '\u0001', '\ud800 lone', '中文', 'é']);
      case 1:
        return pick([0, -0, 1.5, -42, 1e21, 1e-7, 2 ** 53, 333333333.3333333]);
      case 2:
        return pick([true, false, null]);
      case 3:
        return new Date(Date.UTC(2026, Math.floor(next() * 12), 1 + Math.floor(next() * 28)));
      case 4:
        return undefined;
      case 5:
      case 6: {
        const record: Record<string, unknown> = {};
        const n = Math.floor(next() * 6);
        for (let i = 0; i < n; i++) Object.defineProperty(record, pick(KEYS), { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        return record;
      }
      default:
        return Array.from({ length: Math.floor(next() * 5) }, () => value(depth + 1));
    }
  }

  it('prints 5,000 generated values (keys out of order, integer-like keys, __proto__, undefined, dates) exactly as the reference', () => {
    let compared = 0;
    for (let i = 0; i < 5000; i++) {
      const v = value(0);
      if (v === undefined) continue;
      expect(canonicalJson(v)).toBe(reference(v));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(4000);
  });

  it('leaves the value it prints unchanged, whether or not its keys were in order', () => {
    const value = { b: { d: 1, c: [{ f: 2, e: 3 }] }, a: 'x' };
    const before = JSON.stringify(value);
    expect(canonicalJson(value)).toBe('{"a":"x","b":{"c":[{"e":3,"f":2}],"d":1}}');
    expect(JSON.stringify(value)).toBe(before);
  });

  it('refuses an invalid date and prints a toJSON object by its fields, as the written-out printer does', () => {
    expect(() => canonicalJson({ d: new Date(Number.NaN) })).toThrow(RangeError);
    expect(canonicalJson({ b: 1, a: { toJSON: undefined, z: 1 } })).toBe('{"a":{"z":1},"b":1}');
  });
});

describe('canonical bytes', () => {
  it('are the UTF-8 of the canonical JSON, to the byte: Chinese, astral characters, escaped lone surrogates, long text', () => {
    const value = { 名: '张三丰', z: '😀 户籍', b: 'x\ud800y', long: '低保'.repeat(20_000), n: [1.5, -0, 1e21], a: { y: 1, x: null } };
    const bytes = canonicalBytes(value);
    expect(bytes.equals(Buffer.from(canonicalJson(value), 'utf8'))).toBe(true);
    expect(bytes.toString('utf8')).toBe(canonicalJson(value));
    expect(canonicalBytes({}).toString('utf8')).toBe('{}');
  });
});

describe('inKeyOrder', () => {
  it('builds an object whose keys are in canonical order, a later entry of a key winning', () => {
    const built = inKeyOrder([['tax.wage', 1], ['\u20ac', 2], ['bank_icbc', 3], ['Z', 4], ['tax.wage', 5]]);
    expect(Object.keys(built)).toEqual(['Z', 'bank_icbc', 'tax.wage', '\u20ac']);
    expect(built['tax.wage']).toBe(5);
    expect(JSON.stringify(built)).toBe(canonicalJson(built));
  });

  it('keeps a `__proto__` key as data, never as the prototype', () => {
    const built = inKeyOrder<unknown>([['__proto__', { polluted: true }], ['a', 1]]);
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    expect(Object.keys(built)).toEqual(['__proto__', 'a']);
    expect((built as { polluted?: boolean }).polluted).toBeUndefined();
    expect(canonicalJson(built)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });
});
