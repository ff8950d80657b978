import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/canonical/index.js';

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
