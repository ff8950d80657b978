import { describe, expect, it } from 'vitest';
import { FAMILY_CONNECTORS, AgencyPools, createConnectors } from '../../connectors/index.js';
import { buildCatalog, catalog, CatalogError, FAMILIES, type Attribute, type Source } from '../../src/catalog/index.js';

const cat = catalog();

describe('attribute catalogue', () => {
  it('holds at least 420 person-level attributes over at least 60 sources', () => {
    expect(cat.attributes.length).toBeGreaterThanOrEqual(420);
    expect(cat.sources.length).toBeGreaterThanOrEqual(60);
  });

  it('has unique attribute codes and source ids', () => {
    expect(new Set(cat.attributes.map((a) => a.code)).size).toBe(cat.attributes.length);
    expect(new Set(cat.sources.map((s) => s.id)).size).toBe(cat.sources.length);
  });

  it('names an existing source for every attribute, and every source provides attributes', () => {
    for (const a of cat.attributes) expect(cat.source(a.source), a.code).toBeDefined();
    for (const s of cat.sources) expect(cat.attributesOf(s.id).length, s.id).toBeGreaterThan(0);
  });

  it('covers every agency family of the domain, with 31 banks answering asynchronously', () => {
    expect(new Set(cat.sources.map((s) => s.family))).toEqual(new Set(FAMILIES));
    const banks = cat.sources.filter((s) => s.family === 'bank');
    expect(banks).toHaveLength(31);
    expect(banks.every((b) => b.protocol === 'async')).toBe(true);
  });

  it('gives every attribute zh and en labels, a sensitivity and at least one purpose', () => {
    for (const a of cat.attributes) {
      expect(a.zh.length * a.en.length, a.code).toBeGreaterThan(0);
      expect(a.purposes.length, a.code).toBeGreaterThan(0);
    }
  });

  it('has a connector for every source', () => {
    const pools = new AgencyPools();
    const connectors = createConnectors(cat, {
      baseUrl: 'http://127.0.0.1:9',
      pools,
      resilience: { timeoutMs: 100, retries: 0, concurrency: 1, breakerThreshold: 1, breakerHalfOpenMs: 1000 },
    });
    for (const s of cat.sources) {
      expect(FAMILY_CONNECTORS[s.family], s.family).toBeTypeOf('function');
      const c = connectors.get(s.id);
      expect(c?.source.id, s.id).toBe(s.id);
      expect(c?.attributes).toEqual(cat.attributesOf(s.id).map((a) => a.code));
    }
  });

  it('refuses duplicate codes and attributes of unknown sources', () => {
    const source = cat.sources[0]!;
    const attribute = cat.attributesOf(source.id)[0]!;
    expect(() => buildCatalog([source], [attribute, attribute])).toThrow(CatalogError);
    const stray: Attribute = { ...attribute, code: 'nowhere.item', source: 'nowhere' };
    expect(() => buildCatalog([source], [attribute, stray])).toThrow(/unknown source nowhere/);
    const idle: Source = { ...source, id: 'idle' };
    expect(() => buildCatalog([source, idle], [attribute])).toThrow(/idle provides no attribute/);
  });
});
