// Offers: the hub's Prometheus metrics (prom-client): the registry with Node's process metrics, the
// counters and histograms code increments (GraphQL, sources, verifications, queue jobs), gauges read
// at each scrape from a running hub (queues, circuits, pending tickets, audit checkpoint lag), the
// Apollo plugin, and GET /metrics behind its scrape token (in the hub, or on its own port for a worker).
// Keeps: label hygiene (closed sets only, never personal data) and where the token comes from.
export { registry, graphqlRequests, graphqlDuration, sourceCalls, sourceDuration, sourceInFlight, verifications, refusals, jobDuration } from './registry.js';
export { watchHub } from './probes.js';
export type { HubProbes } from './probes.js';
export { graphqlMetricsPlugin } from './graphql-plugin.js';
export { metricsHandler, resolveMetricsToken } from './access.js';
export type { MetricsToken, MetricsTokenSource } from './access.js';
export { observeSourceCall, observeJob } from './observe.js';
export { serveMetrics } from './serve.js';
export type { MetricsServer } from './serve.js';
