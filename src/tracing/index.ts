// Offers: OpenTelemetry tracing: the SDK start (preload.ts, loaded with --import, on only with
// OTEL_EXPORTER_OTLP_ENDPOINT), its shutdown at process exit, spans for queue jobs linked to the
// submitting request (traceparent carried in the job data) and for database transactions.
// Keeps: which instrumentations, and what they are kept from recording (personal data).
// Only @opentelemetry/api is imported from here: without the SDK its spans cost nothing.
export { stopTracing } from './state.js';
export { inJobSpan, inSpan, traceCarrier } from './job-span.js';
