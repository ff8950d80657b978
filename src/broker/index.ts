export { planSources } from './plan.js';
export type { SourcePlan } from './plan.js';
export { createBroker } from './fetch.js';
export type { Broker, BrokerOptions, PendingTicket, SourceOutcome, SourceStatus } from './fetch.js';
export { collectPending } from './collect.js';
export type { CollectOptions } from './collect.js';
