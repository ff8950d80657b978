// First, before anything loads graphql-js: production mode (see production-mode.ts).
import './production-mode.js';
import { startWorker } from '../startup/index.js';
import { runProcess } from './run-process.js';

const HELP = `usage: npm run worker

Runs the batch, bank-poll and webhook workers without the HTTP server: as many processes (and
machines) as wanted on one Redis and one PostgreSQL, next to hubs started with WORKER=off or on.
SIGTERM finishes the chunks in hand, then exits 0. Configured by environment variables only, the
same as the hub's (README, Configuration), among them:
  DATABASE_URL, REDIS_URL, QUEUE_PREFIX (hub), WORKER_CONCURRENCY (2), SANDBOX, SOURCE_BASE_URL,
  WORKER_METRICS_PORT (GET /metrics with METRICS_TOKEN; none when unset), OTEL_EXPORTER_OTLP_ENDPOINT (traces)

examples:
  npm run worker
  WORKER_METRICS_PORT=4401 METRICS_TOKEN_FILE=/etc/hub/metrics-token npm run worker
  WORKER_CONCURRENCY=4 DATABASE_URL=postgres://hub@db:5432/verification_hub REDIS_URL=redis://queue:6379 npm run worker

exit codes: 0 stopped on a signal; 1 did not start or failed to stop; 2 unexpected argument.`;

// `npm run worker`: batch workers without the HTTP server, as many processes (and machines) as
// wanted on one Redis and one PostgreSQL. SIGTERM finishes the chunks in hand, then exits 0.
runProcess('batch worker', startWorker, HELP);
