import { describe, expect, it } from 'vitest';
import { attributeValue, buildPopulation, holdsRecord, type SandboxPerson } from '../../connectors/sandbox/index.js';
import { assess, readCategory, type AssessedPerson } from '../../src/assessment/index.js';
import { indexed, readings, readingsIn, readingsReadAs, type Reading } from '../../src/assessment/read.js';
import { ATTRIBUTE_TYPES, CATEGORIES, catalog, type Attribute, type PersonRecord } from '../../src/catalog/index.js';
import { input } from './fixture-policy.js';

const cat = catalog();
const SEED = 20260701;

/** The reading as it was before the index: a scan of every found source's attributes, sources in id order. */
function scan(person: AssessedPerson, accept: (a: Attribute) => boolean): Reading[] {
  const out: Reading[] = [];
  for (const sourceId of Object.keys(person.records).sort()) {
    const record = person.records[sourceId];
    if (!record?.found) continue;
    for (const attribute of cat.attributesOf(sourceId)) {
      if (!accept(attribute)) continue;
      const value = record.values[attribute.code];
      if (value === undefined || value === null) continue;
      out.push({ attribute, value });
    }
  }
  return out;
}

/** A sandbox person with every source's answer, as a full verification gets them (records listed in no particular order). */
function assessed(p: SandboxPerson): AssessedPerson {
  const records: Record<string, PersonRecord> = {};
  for (const source of [...cat.sources].reverse()) {
    records[source.id] = holdsRecord(source, p, SEED) ? { found: true, asOf: '2026-06-29', values: Object.fromEntries(cat.attributesOf(source.id).map((a) => [a.code, attributeValue(a, source, p, SEED)])) } : { found: false };
  }
  return { personId: p.idNumber, relation: p.relation, birthDate: p.birthDate, sex: p.sex, records };
}

const population = buildPopulation({ seed: SEED, households: 60, banks: cat.sources.filter((s) => s.family === 'bank').map((s) => s.id) });
const households = population.households.filter((h) => h.members.length === 4 && !h.fixture).slice(0, 3);
const people = households.flatMap((h) => [...h.members, ...h.supporters]).map(assessed);

describe('readings', () => {
  it('reads what a scan of the records reads, in the same order, indexed or not', () => {
    expect(people.length).toBeGreaterThanOrEqual(12);
    for (const plain of people) {
      expect(scan(plain, () => true).length).toBeGreaterThan(50);
      for (const person of [plain, indexed(cat, plain)]) {
        expect(readings(cat, person, () => true)).toEqual(scan(plain, () => true));
        expect(readings(cat, person, (a) => a.type === 'MONEY')).toEqual(scan(plain, (a) => a.type === 'MONEY'));
        for (const category of CATEGORIES) {
          expect(readingsIn(cat, person, category)).toEqual(scan(plain, (a) => a.category === category));
          expect(readingsReadAs(cat, person, category)).toEqual(scan(plain, (a) => readCategory(a) === category));
          for (const type of ATTRIBUTE_TYPES) {
            expect(readingsIn(cat, person, category, type)).toEqual(scan(plain, (a) => a.category === category && a.type === type));
            expect(readingsReadAs(cat, person, category, type)).toEqual(scan(plain, (a) => readCategory(a) === category && a.type === type));
          }
        }
        const liquid = ['asset.deposit', 'asset.wealth_product', 'asset.fund', 'asset.securities'] as const;
        expect(readingsIn(cat, person, liquid, 'MONEY')).toEqual(scan(plain, (a) => (liquid as readonly string[]).includes(a.category) && a.type === 'MONEY'));
      }
    }
  });

  it('reads answers written into the same records after an earlier assessment', () => {
    const x = input(households[0]!.members.map(assessed));
    const before = JSON.stringify(assess(x));
    // A source answering later writes its record into the member's records in place (pending/settle.ts).
    const bank = cat.sources.find((s) => s.family === 'bank')!;
    x.members[0]!.records[bank.id] = { found: true, asOf: '2026-06-30', values: Object.fromEntries(cat.attributesOf(bank.id).map((a) => [a.code, a.type === 'MONEY' ? 9_000_000 : null])) };
    const after = assess(x);
    expect(JSON.stringify(after)).not.toBe(before);
    expect(after).toEqual(assess({ ...x, members: structuredClone(x.members) }));
  });
});
