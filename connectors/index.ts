export { SourceError } from './contract.js';
export type {
  AttributeValue,
  CircuitStatus,
  ConnectorHealth,
  FetchContext,
  FetchResult,
  PersonRecord,
  SourceConnector,
  SourceErrorCode,
} from './contract.js';
export { AgencyPools } from './http/agency-http.js';
export type { ResilienceOptions } from './http/resilience.js';
export { createConnectors, FAMILY_CONNECTORS } from './registry.js';
export type { ConnectorSet, ConnectorSetOptions } from './registry.js';
export { createSharedLimits } from './limits/shared-limits.js';
export type { SharedLimitsOptions, SharedSourceLimits } from './limits/shared-limits.js';
