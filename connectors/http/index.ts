// Offers: the HTTP core the protocol families build on (keep-alive pools per agency, resilient calls, answer reading).
// Keeps: the request helper and the cockatiel policies behind `createHttpConnectorCore`.
export { AgencyPools } from './agency-http.js';
export { readRecords } from './answer.js';
export { createHttpConnectorCore, noTickets } from './base.js';
export type { ConnectorOptions } from './base.js';
export type { ResilienceOptions } from './resilience.js';
