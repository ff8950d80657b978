import { isSpanContextValid, trace } from '@opentelemetry/api';

/**
 * The active span's ids, in every log line written inside a traced request or job (pino's
 * mixin): a log line leads to its trace. Without tracing (no OpenTelemetry SDK started) the API
 * has no active span and this adds nothing.
 */
export function traceFields(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { traceId: context.traceId, spanId: context.spanId };
}
