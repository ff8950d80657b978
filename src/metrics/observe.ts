import { SourceError } from '../../connectors/index.js';
import { jobDuration, sourceCalls, sourceDuration, sourceInFlight } from './registry.js';

/** The status label of a failed upstream call: the five (429 for the agency's rate limit) plus the circuit and refusals. */
function failedStatus(err: unknown): string {
  if (!(err instanceof SourceError)) return 'UNAVAILABLE';
  if (err.code === 'RATE_LIMITED') return '429';
  if (err.code === 'CIRCUIT_OPEN' || err.code === 'REJECTED' || err.code === 'TIMEOUT') return err.code;
  return 'UNAVAILABLE';
}

/**
 * Times one upstream call of a source and counts it by the status `statusOf` reads from its
 * result (or by the error's kind), with the source's calls in flight around it.
 */
export async function observeSourceCall<T>(source: string, call: () => Promise<T>, statusOf: (result: T) => string): Promise<T> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  sourceInFlight.inc({ source });
  try {
    const result = await call();
    const status = statusOf(result);
    sourceCalls.inc({ source, status });
    sourceDuration.observe({ source, status }, seconds());
    return result;
  } catch (err) {
    const status = failedStatus(err);
    sourceCalls.inc({ source, status });
    sourceDuration.observe({ source, status }, seconds());
    throw err;
  } finally {
    sourceInFlight.dec({ source });
  }
}

/** Times one job of a queue worker: completed, failed, or delayed (a polling round put back to wait). */
export async function observeJob<R>(queue: string, run: () => Promise<R>): Promise<R> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  try {
    const result = await run();
    jobDuration.observe({ queue, result: 'completed' }, seconds());
    return result;
  } catch (err) {
    jobDuration.observe({ queue, result: err instanceof Error && err.name === 'DelayedError' ? 'delayed' : 'failed' }, seconds());
    throw err;
  }
}
