export { SourceError } from './contract/index.js';
export type {
  AttributeValue,
  CircuitStatus,
  ConnectorHealth,
  FetchContext,
  FetchResult,
  PersonRecord,
  SourceConnector,
  SourceErrorCode,
} from './contract/index.js';
export { AgencyPools } from './http/index.js';
export type { ResilienceOptions } from './http/index.js';
export { createConnectors, FAMILY_CONNECTORS } from './registry.js';
export type { ConnectorSet, ConnectorSetOptions } from './registry.js';
export { createSharedLimits } from './limits/index.js';
export type { SharedLimitsOptions, SharedSourceLimits } from './limits/index.js';
