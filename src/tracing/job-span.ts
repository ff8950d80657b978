import { context, propagation, SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';

const tracer = trace.getTracer('verification-hub');

/** The trace a job was submitted in (W3C traceparent), to be kept in the job's data. */
export function traceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * Runs a queue job in a span of its own: a new trace (a batch chunk runs long after, and apart
 * from, the request that submitted it), linked to the submitting request's trace when the job
 * carries it. Spans of the job's database, Redis and agency calls are its children.
 */
export function inJobSpan<R>(queue: string, name: string, carried: unknown, run: () => Promise<R>): Promise<R> {
  const links: Link[] = [];
  if (carried && typeof carried === 'object') {
    const submitted = trace.getSpanContext(propagation.extract(context.active(), carried as Record<string, string>));
    if (submitted) links.push({ context: submitted });
  }
  return tracer.startActiveSpan(`${queue} ${name}`, { kind: SpanKind.CONSUMER, root: true, links, attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': queue, 'messaging.operation.name': 'process' } }, async (span) => {
    try {
      return await run();
    } catch (err) {
      // A delayed polling round is not a failure.
      if (!(err instanceof Error && err.name === 'DelayedError')) span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Runs `work` in a span named `name` (a database transaction, for one). */
export function inSpan<R>(name: string, work: () => Promise<R>): Promise<R> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await work();
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}
