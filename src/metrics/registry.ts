import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One registry per process (Prometheus scrapes processes): the hub's own metrics and Node's
 * process metrics. Label values are closed sets (statuses, codes, source ids of the catalogue,
 * queue names) or checked names: never an ID number, a report id or anything a caller typed freely.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const graphqlRequests = new Counter({
  name: 'hub_graphql_requests_total',
  help: 'GraphQL requests by operation name (or root field when unnamed) and outcome (ok or the first error code).',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'hub_graphql_request_duration_seconds',
  help: 'GraphQL request latency, from parse to response, by operation and outcome.',
  labelNames: ['operation', 'outcome'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const sourceCalls = new Counter({
  name: 'hub_source_calls_total',
  help: 'Upstream calls to an agency source (after retries) by outcome: OK, NOT_FOUND, PENDING (a ticket), TIMEOUT, UNAVAILABLE, 429, CIRCUIT_OPEN, REJECTED.',
  labelNames: ['source', 'status'] as const,
  registers: [registry],
});

export const sourceDuration = new Histogram({
  name: 'hub_source_call_duration_seconds',
  help: 'Upstream call latency per source, retries and waits for a rate slot included.',
  labelNames: ['source', 'status'] as const,
  buckets: SECONDS,
  registers: [registry],
});

export const sourceInFlight = new Gauge({
  name: 'hub_source_calls_in_flight',
  help: 'Upstream calls to a source this process has under way.',
  labelNames: ['source'] as const,
  registers: [registry],
});

export const verifications = new Counter({
  name: 'hub_verifications_total',
  help: 'Verifications stored, by report status (COMPLETE, PARTIAL, PENDING, ...) or REFUSED, and kind (single or batch).',
  labelNames: ['outcome', 'kind'] as const,
  registers: [registry],
});

export const refusals = new Counter({
  name: 'hub_verification_refusals_total',
  help: 'Verifications refused, by error code (CONSENT_MISSING, OUT_OF_JURISDICTION, ...).',
  labelNames: ['code', 'kind'] as const,
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: 'hub_queue_job_duration_seconds',
  help: 'Time a queue worker spent on one job, by queue and result (completed or failed).',
  labelNames: ['queue', 'result'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [registry],
});
