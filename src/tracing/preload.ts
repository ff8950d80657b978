// Loaded before the hub with `--import` (npm start, npm run worker): starts tracing when
// OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set, and does nothing else otherwise, so
// a process without tracing loads no OpenTelemetry SDK at all (it needs Node >= 20.6; 22.15+ for
// its newer majors). It must run before pg, ioredis, graphql and undici load, so that they are patched.
import { register } from 'node:module';
import { tracingStarted } from './state.js';

if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
  // ESM imports are patched through import-in-the-middle's loader hook, CommonJS through require-in-the-middle.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const { startSdk } = await import('./sdk.js');
  const sdk = startSdk();
  tracingStarted(() => sdk.shutdown());
}
