import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildPopulation, type Population } from '../../connectors/sandbox/index.js';
import { catalog } from '../../src/catalog/index.js';
import { checkIdNumber } from '../../src/identity/index.js';
import { findRegion } from '../../src/regions/index.js';

const banks = catalog().sources.filter((s) => s.family === 'bank').map((s) => s.id);
const DEFAULT_HOUSEHOLDS = 33_000;

function fingerprint(p: Population): string {
  return createHash('sha256').update(JSON.stringify(p.households)).digest('hex');
}

describe('sandbox population', () => {
  const population = buildPopulation({ seed: 20181001, households: DEFAULT_HOUSEHOLDS, banks });

  it('is deterministic: the same seed gives the same population, another seed another', () => {
    const again = buildPopulation({ seed: 20181001, households: DEFAULT_HOUSEHOLDS, banks });
    expect(fingerprint(again)).toBe(fingerprint(population));
    const other = buildPopulation({ seed: 20181002, households: 500, banks });
    const sameSeedSmall = buildPopulation({ seed: 20181001, households: 500, banks });
    expect(fingerprint(other)).not.toBe(fingerprint(sameSeedSmall));
  }, 120_000);

  it('has at least 100,000 persons in at least 30,000 households', () => {
    expect(population.households.length).toBeGreaterThanOrEqual(30_000);
    expect(population.personCount).toBeGreaterThanOrEqual(100_000);
  });

  it('spreads over at least 2 provinces, 4 cities and 12 counties', () => {
    const counties = new Set(population.households.map((h) => h.regionCode));
    expect(counties.size).toBeGreaterThanOrEqual(12);
    expect(new Set([...counties].map((c) => c.slice(0, 4))).size).toBeGreaterThanOrEqual(4);
    expect(new Set([...counties].map((c) => c.slice(0, 2))).size).toBeGreaterThanOrEqual(2);
    for (const c of counties) expect(findRegion(c)?.level).toBe('county');
  });

  it('gives every person a valid GB 11643 number matching their region, birth date and sex', () => {
    for (const h of population.households) {
      for (const m of h.members) {
        // Valid on the day after the population's reference date: nobody is born after it.
        const r = checkIdNumber(m.idNumber, new Date('2026-07-01'));
        if (!r.ok) throw new Error(`${m.idNumber}: ${r.message}`);
        expect(r.value.regionCode).toBe(h.regionCode);
        expect(r.value.birthDate).toBe(m.birthDate);
        expect(r.value.sex).toBe(m.sex);
      }
    }
  });

  it('has about 15% low-income households and about 70% of applicants hiding something', () => {
    const n = population.households.length;
    const low = population.households.filter((h) => h.lowIncome).length / n;
    expect(low).toBeGreaterThan(0.13);
    expect(low).toBeLessThan(0.17);
    const applicants = population.households.filter((h) => h.applicant);
    const hiding = applicants.filter((h) => h.undeclared.length > 0).length / applicants.length;
    expect(hiding).toBeGreaterThan(0.66);
    expect(hiding).toBeLessThan(0.74);
  });

  it('plants what a household hides so the agencies can find it', () => {
    for (const h of population.households.filter((x) => x.undeclared.includes('VEHICLE')).slice(0, 200)) {
      // Counts are declared exactly, less the one hidden.
      expect(h.declaration.assets.vehicles).toBe(h.members.reduce((s, m) => s + m.traits.vehicleCount, 0) - 1);
    }
    for (const h of population.households.filter((x) => x.undeclared.includes('DEPOSIT')).slice(0, 200)) {
      const held = h.members.reduce((s, m) => s + Object.values(m.traits.deposits).reduce((a, b) => a + b, 0), 0);
      expect(held).toBeGreaterThan(h.declaration.assets.deposits + 20_000);
    }
  });
});
