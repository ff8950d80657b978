// Offers: the connector set the hub builds from the catalogue (one connector per source), the contract types callers need, shared limits and HTTP pools.
// Keeps: the protocol families (exchange/, bank/), the HTTP core (http/) and the Redis limits (limits/) behind them.
export { SourceError } from './contract/index.js';
export type { FetchContext, FetchResult, PersonRecord, SourceConnector } from './contract/index.js';
export { AgencyPools } from './http/index.js';
export type { ResilienceOptions } from './http/index.js';
export { createConnectors, FAMILY_CONNECTORS } from './registry.js';
export type { ConnectorSet } from './registry.js';
export { createSharedLimits, definedScript } from './limits/index.js';
