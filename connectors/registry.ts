import type { Catalog, Family, Source, Attribute } from '../src/catalog/index.js';
import { createBankConnector } from './bank/index.js';
import type { SourceConnector } from './contract/index.js';
import { createExchangeConnector } from './exchange/index.js';
import type { AgencyPools, ConnectorOptions, ResilienceOptions } from './http/index.js';
import type { SharedSourceLimits } from './limits/index.js';

type ConnectorFactory = (source: Source, attributes: readonly Attribute[], options: ConnectorOptions) => SourceConnector;

/**
 * The connector implementation of each agency family. Typed over every family, so a family added
 * to the catalogue without a connector does not compile.
 */
export const FAMILY_CONNECTORS: Record<Family, ConnectorFactory> = {
  'public-security': createExchangeConnector,
  'civil-affairs': createExchangeConnector,
  hrss: createExchangeConnector,
  tax: createExchangeConnector,
  'real-estate': createExchangeConnector,
  'housing-fund': createExchangeConnector,
  'market-regulation': createExchangeConnector,
  'medical-insurance': createExchangeConnector,
  education: createExchangeConnector,
  courts: createExchangeConnector,
  'natural-resources': createExchangeConnector,
  'housing-construction': createExchangeConnector,
  finance: createExchangeConnector,
  establishment: createExchangeConnector,
  'rural-revitalization': createExchangeConnector,
  disability: createExchangeConnector,
  charity: createExchangeConnector,
  'trade-union': createExchangeConnector,
  securities: createExchangeConnector,
  insurance: createExchangeConnector,
  utility: createExchangeConnector,
  bank: createBankConnector,
};

export interface ConnectorSetOptions {
  /** Base URL of the agencies (the sandbox by default). */
  baseUrl: string;
  /** Per-source base URL overrides, by source id. */
  urls?: Record<string, string>;
  pools: AgencyPools;
  resilience: ResilienceOptions;
  /** Rate and in-flight limits per source shared by every process (Redis). */
  shared?: SharedSourceLimits;
  /** Only these sources (default: every source of the catalogue). */
  only?: readonly string[];
}

export interface ConnectorSet {
  get(sourceId: string): SourceConnector | undefined;
  all(): SourceConnector[];
}

/** Creates the connectors of the catalogue's sources; lazily, so unused sources cost nothing. */
export function createConnectors(catalog: Catalog, options: ConnectorSetOptions): ConnectorSet {
  const wanted = new Set(options.only ?? catalog.sources.map((s) => s.id));
  const made = new Map<string, SourceConnector>();
  function get(id: string): SourceConnector | undefined {
    const existing = made.get(id);
    if (existing) return existing;
    const source = catalog.source(id);
    if (!source || !wanted.has(id)) return undefined;
    const factory = FAMILY_CONNECTORS[source.family];
    const connector = factory(source, catalog.attributesOf(id), {
      url: options.urls?.[id] ?? options.baseUrl,
      pools: options.pools,
      resilience: options.resilience,
      ...(options.shared ? { shared: options.shared } : {}),
    });
    made.set(id, connector);
    return connector;
  }
  return { get, all: () => [...wanted].map((id) => get(id)).filter((c): c is SourceConnector => c !== undefined) };
}
