import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/index.js';
import { regions } from '../regions/index.js';
import type { Db } from './database.js';

function parentOf(code: string, level: string): string | null {
  if (level === 'city') return `${code.slice(0, 2)}0000`;
  if (level === 'county') return `${code.slice(0, 4)}00`;
  if (level === 'township') return code.slice(0, 6);
  return null;
}

/** A fingerprint of the catalogue's content: reports name the version of the catalogue they used. */
export function catalogHash(catalog: Catalog): string {
  return createHash('sha256').update(JSON.stringify({ sources: catalog.sources, attributes: catalog.attributes })).digest('hex');
}

/**
 * Brings the region and catalogue tables in line with the shipped data files, in one transaction.
 * The data files are the source of truth; the tables exist so reports and audit rows can reference
 * them and so auditors can query them with SQL. Returns the catalogue version id.
 */
export async function syncReferenceData(db: Db, catalog: Catalog): Promise<number> {
  return db.transaction(async (trx) => {
    const known = new Set(regions.map((r) => r.code));
    const rows = regions.map((r) => {
      const parent = parentOf(r.code, r.level);
      return { code: r.code, level: r.level, zh: r.zh, en: r.en, parent_code: parent && known.has(parent) ? parent : null };
    });
    // Parents first, so the self-reference holds row by row.
    for (const level of ['province', 'city', 'county', 'township']) {
      const batch = rows.filter((r) => r.level === level);
      if (batch.length > 0) await trx('regions').insert(batch).onConflict('code').merge();
    }
    const hash = catalogHash(catalog);
    await trx('catalog_versions')
      .insert({ hash, source_count: catalog.sources.length, attribute_count: catalog.attributes.length })
      .onConflict('hash')
      .ignore();
    const { id: version } = (await trx('catalog_versions').where({ hash }).first('id')) as { id: number };
    await trx('sources')
      .insert(catalog.sources.map((s) => ({ id: s.id, family: s.family, kind: s.kind, zh: s.zh, en: s.en, protocol: s.protocol, max_bulk: s.maxBulk, catalog_version: version })))
      .onConflict('id')
      .merge();
    for (let i = 0; i < catalog.attributes.length; i += 500) {
      await trx('attributes')
        .insert(
          catalog.attributes.slice(i, i + 500).map((a) => ({
            code: a.code,
            source_id: a.source,
            zh: a.zh,
            en: a.en,
            type: a.type,
            unit: a.unit,
            enum_values: a.values ? JSON.stringify(a.values) : null,
            category: a.category,
            sensitivity: a.sensitivity,
            purposes: a.purposes,
            catalog_version: version,
          })),
        )
        .onConflict('code')
        .merge();
    }
    return version;
  });
}
