import { describe, expect, it } from 'vitest';
import { SourceError } from '../../connectors/contract/index.js';
import { readRecords } from '../../connectors/http/index.js';

const A = '370102198001011234';
const B = '370102198501012345';
const C = '370102199001013456';

function refusal(body: unknown): SourceError {
  try {
    readRecords('tax', [A], body);
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
  throw new Error('the answer was read');
}

describe("reading an agency's per-person answer", () => {
  it('gives each person asked their record, values in canonical key order, and one left out as not found', () => {
    const records = readRecords('tax', [A, B, C], {
      results: [
        { idNumber: A, found: true, asOf: '2026-11-01', values: { 'tax.wage_income_12m': 48000, 'tax.business_income_12m': 0, 'tax.employer': '济南某公司', 'tax.taxpayer': true, 'tax.note': null } },
        { idNumber: B, found: false },
        { idNumber: 'someone-not-asked', found: true, asOf: '2026-11-01', values: {} },
      ],
    });
    expect([...records.keys()]).toEqual([A, B, C]);
    const a = records.get(A)!;
    expect(a).toEqual({ found: true, asOf: '2026-11-01', values: { 'tax.wage_income_12m': 48000, 'tax.business_income_12m': 0, 'tax.employer': '济南某公司', 'tax.taxpayer': true, 'tax.note': null } });
    expect(Object.keys(a)).toEqual(['asOf', 'found', 'values']);
    expect(a.found && Object.keys(a.values)).toEqual(['tax.business_income_12m', 'tax.employer', 'tax.note', 'tax.taxpayer', 'tax.wage_income_12m']);
    expect(records.get(B)).toEqual({ found: false });
    expect(records.get(C)).toEqual({ found: false });
  });

  it("refuses an answer that does not parse as the agency's failure, naming where it went wrong", () => {
    const cases: [unknown, string][] = [
      ['<html>busy</html>', 'answer: expected an object'],
      [{ result: [] }, 'results: expected an array'],
      [{ results: ['x'] }, 'results[0]: expected an object'],
      [{ results: [{ found: false }] }, 'results[0].idNumber: expected a string'],
      [{ results: [{ idNumber: A, found: 'yes' }] }, 'results[0].found: expected true or false'],
      [{ results: [{ idNumber: A, found: true, values: {} }] }, 'results[0].asOf: expected a string'],
      [{ results: [{ idNumber: A, found: true, asOf: '2026-11-01' }] }, 'results[0].values: expected an object of attribute values'],
      [{ results: [{ idNumber: A, found: true, asOf: '2026-11-01', values: { 'tax.wage_income_12m': { amount: 1 } } }] }, 'results[0].values.tax.wage_income_12m: expected a string, a finite number, a boolean or null'],
    ];
    for (const [body, where] of cases) {
      const err = refusal(body);
      expect(err.code).toBe('UNAVAILABLE');
      expect(err.message).toBe(`tax: agency answer is malformed: ${where}`);
    }
  });

  it('drops an attribute named __proto__ (no catalogue code is), never making it the prototype of the values', () => {
    const values = JSON.parse('{"__proto__": {"polluted": true}, "tax.wage_income_12m": 1}') as Record<string, unknown>;
    const record = readRecords('tax', [A], { results: [{ idNumber: A, found: true, asOf: '2026-11-01', values }] }).get(A)!;
    expect(record.found && Object.getPrototypeOf(record.values)).toBe(Object.prototype);
    expect(record.found && Object.keys(record.values)).toEqual(['tax.wage_income_12m']);
    expect(record.found && (record.values as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("bounds the agency's key repeated in the error", () => {
    const err = refusal({ results: [{ idNumber: A, found: true, asOf: '2026-11-01', values: { ['x'.repeat(5000)]: [] } }] });
    expect(err.message).toBe(`tax: agency answer is malformed: results[0].values.${'x'.repeat(64)}: expected a string, a finite number, a boolean or null`);
  });
});
