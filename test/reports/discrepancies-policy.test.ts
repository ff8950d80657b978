import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyParametersSchema, TOLERANCE_DEFAULTS, discrepancyTolerances, AMOUNT_TOLERANCE_KINDS, STATUS_TOLERANCE_KINDS } from '../../src/regional-policy/index.js';

const DATA = new URL('../../src/regional-policy/data/', import.meta.url);
const seeds = readdirSync(DATA)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, doc: JSON.parse(readFileSync(new URL(f, DATA), 'utf8')) as { parameters: Record<string, unknown> } }));
const complete = seeds.filter((s) => 'standards' in s.doc.parameters && 'vetoes' in s.doc.parameters && 'economy' in s.doc.parameters);

describe('discrepancy tolerances as dated policy data', () => {
  it('every complete seed sets every kind, equal to the default older versions get', () => {
    expect(complete.length).toBeGreaterThanOrEqual(4);
    for (const s of complete) {
      expect(s.doc.parameters.discrepancyTolerances, s.file).toEqual(TOLERANCE_DEFAULTS);
      expect(Object.keys(s.doc.parameters.discrepancyTolerances as object).sort()).toEqual([...AMOUNT_TOLERANCE_KINDS, ...STATUS_TOLERANCE_KINDS].sort());
    }
    expect(TOLERANCE_DEFAULTS.DEPOSITS).toEqual({ absolute: 1000, relative: 0.05, severity: 'MEDIUM', severityWhenUndeclared: 'HIGH' });
  });

  it('a version from before the section parses and reads the defaults', () => {
    const { discrepancyTolerances: _drop, ...older } = complete[0]!.doc.parameters;
    const parsed = policyParametersSchema.parse(older);
    expect(discrepancyTolerances(parsed)).toBe(TOLERANCE_DEFAULTS);
  });

  it('a kind missing, a negative or out-of-range figure, an unknown severity: refused naming the field', () => {
    const base = complete[0]!.doc.parameters;
    const tolerances = base.discrepancyTolerances as Record<string, Record<string, unknown>>;
    const path = (t: unknown) => {
      const r = policyParametersSchema.safeParse({ ...base, discrepancyTolerances: t });
      return r.success ? null : r.error.issues[0]!.path.join('.');
    };
    const { WAGE: _wage, ...missing } = tolerances;
    expect(path(missing)).toBe('discrepancyTolerances.WAGE');
    expect(path({ ...tolerances, DEPOSITS: { ...tolerances.DEPOSITS, absolute: -1 } })).toBe('discrepancyTolerances.DEPOSITS.absolute');
    expect(path({ ...tolerances, FUNDS: { ...tolerances.FUNDS, relative: 1.5 } })).toBe('discrepancyTolerances.FUNDS.relative');
    expect(path({ ...tolerances, DECEASED: { severity: 'URGENT' } })).toBe('discrepancyTolerances.DECEASED.severity');
    expect(path({ ...tolerances, CARS: { severity: 'LOW' } })).toBe('discrepancyTolerances');
  });
});
