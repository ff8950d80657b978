import type { ConnectorSet } from '../../../../connectors/index.js';
import type { Attribute, Catalog, Source } from '../../../catalog/index.js';
import { enumValue } from '../../schema.js';

type CatalogDeps = { catalog: Catalog; connectors: ConnectorSet };

/** A source as the `Source` type shows it, with its connector's health read when asked. */
export function sourceView(source: Source, deps: CatalogDeps) {
  return {
    id: source.id,
    family: enumValue(source.family),
    kind: source.kind,
    labelZh: source.zh,
    labelEn: source.en,
    protocol: source.protocol.toUpperCase(),
    maxBulk: source.maxBulk,
    attributeCount: deps.catalog.attributesOf(source.id).length,
    health: () => {
      const h = deps.connectors.get(source.id)?.health();
      return h ?? { circuit: 'CLOSED', calls: 0, failures: 0, lastLatencyMs: null, lastError: null };
    },
  };
}

export function attributeView(a: Attribute, deps: CatalogDeps) {
  return {
    code: a.code,
    source: () => sourceView(deps.catalog.source(a.source)!, deps),
    labelZh: a.zh,
    labelEn: a.en,
    type: a.type,
    unit: a.unit,
    values: a.values ?? null,
    category: enumValue(a.category),
    sensitivity: a.sensitivity,
    purposes: a.purposes,
  };
}
