import type { IResolvers } from '@graphql-tools/utils';
import type { Attribute, Catalog, Source } from '../catalog/index.js';
import type { ConnectorSet } from '../../connectors/index.js';
import { enumValue } from './schema.js';

export type Resolvers = IResolvers<unknown, HubContext>;

export interface HubContext {
  requestId: string;
}

export interface ResolverDeps {
  catalog: Catalog;
  connectors: ConnectorSet;
}

function sourceView(source: Source, deps: ResolverDeps) {
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

function attributeView(a: Attribute, deps: ResolverDeps) {
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

export function createResolvers(deps: ResolverDeps): Resolvers {
  return {
    Query: {
      attributeCatalog: (_: unknown, args: { sources?: string[] | null; purpose?: string | null; category?: string | null }) => {
        const sources = args.sources ? new Set(args.sources) : null;
        return deps.catalog.attributes
          .filter((a) => (sources === null || sources.has(a.source)) && (!args.purpose || a.purposes.includes(args.purpose as Attribute['purposes'][number])) && (!args.category || enumValue(a.category) === args.category))
          .map((a) => attributeView(a, deps));
      },
      sources: () => deps.catalog.sources.map((s) => sourceView(s, deps)),
    },
  };
}
