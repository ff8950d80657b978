import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  type IRetryBackoffContext,
} from 'cockatiel';
import { SourceError, type CircuitStatus } from '../contract/index.js';
import type { SharedSourceLimits } from '../limits/index.js';

export interface ResilienceOptions {
  /** Per attempt. Default 5 s: agencies' exchange platforms answer in well under a second when healthy. */
  timeoutMs: number;
  /** Further attempts after the first, on retryable failures only. Default 2. */
  retries: number;
  /** Calls in flight to this source at once. Default 8: agencies cap concurrent sessions per client. */
  concurrency: number;
  /** Consecutive failures that open the circuit. Default 5. */
  breakerThreshold: number;
  /** How long an open circuit waits before letting one trial call through. Default 10 s. */
  breakerHalfOpenMs: number;
  /** Base of the exponential backoff. Default 100 ms. */
  backoffBaseMs?: number;
  /** Longest wait before a retry, Retry-After included. Default 10 s. */
  backoffMaxMs?: number;
}

export interface Attempt {
  /** Aborts at the attempt's timeout or when the caller gives up. */
  signal: AbortSignal;
  /** Milliseconds this attempt may take. */
  timeoutMs: number;
}

export interface ResilientCaller {
  call<T>(attempt: (a: Attempt) => Promise<T>, deadline?: number, outer?: AbortSignal): Promise<T>;
  circuit(): CircuitStatus;
}

const CIRCUIT: Record<CircuitState, CircuitStatus> = {
  [CircuitState.Closed]: 'CLOSED',
  [CircuitState.Open]: 'OPEN',
  [CircuitState.HalfOpen]: 'HALF_OPEN',
  [CircuitState.Isolated]: 'OPEN',
};

/**
 * Timeout, retry with full-jitter exponential backoff, circuit breaker and concurrency limit for
 * one source, composed from cockatiel's policies. Order: retry ( breaker ( bulkhead ( attempt ) ) ):
 * a retry waiting out its backoff holds no concurrency slot, and a call refused by an open circuit
 * is not retried. A 429 waits for the agency's Retry-After and does not count against the circuit.
 */
/**
 * A signal that aborts after `ms` (a TimeoutError, as AbortSignal.timeout's) or when `parent` does,
 * and `end()`, which clears its timer and its listener once the work is over. Two
 * AbortSignal.timeout and two AbortSignal.any per agency call cost about 40 µs each and left
 * their timers and weak listeners behind until the timeouts passed (issue 15).
 */
function timeoutSignal(ms: number, parent?: AbortSignal): { signal: AbortSignal; end: () => void } {
  const controller = new AbortController();
  if (parent?.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, end: () => undefined };
  }
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  const onParent = () => {
    clearTimeout(timer);
    controller.abort(parent!.reason);
  };
  parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    end: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

export function createResilientCaller(source: string, options: ResilienceOptions, shared?: SharedSourceLimits): ResilientCaller {
  const base = options.backoffBaseMs ?? 100;
  const max = options.backoffMaxMs ?? 10_000;
  const breaker = circuitBreaker(
    handleWhen((e) => e instanceof SourceError && e.countsAsFailure),
    { halfOpenAfter: options.breakerHalfOpenMs, breaker: new ConsecutiveBreaker(options.breakerThreshold) },
  );
  const limiter = bulkhead(options.concurrency, Number.MAX_SAFE_INTEGER);
  const retryPolicy = retry(
    handleWhen((e) => e instanceof SourceError && e.retryable),
    {
      maxAttempts: options.retries,
      backoff: new DelegateBackoff((ctx: IRetryBackoffContext<unknown>) => {
        const error = 'error' in ctx.result ? ctx.result.error : undefined;
        if (error instanceof SourceError && error.code === 'RATE_LIMITED' && error.retryAfterMs !== undefined) {
          return Math.min(max, error.retryAfterMs);
        }
        return Math.random() * Math.min(max, base * 2 ** ctx.attempt);
      }),
    },
  );

  async function call<T>(attempt: (a: Attempt) => Promise<T>, deadline?: number, outer?: AbortSignal): Promise<T> {
    const budget = deadline === undefined ? null : timeoutSignal(Math.max(1, deadline - Date.now()), outer);
    const whole = budget?.signal ?? outer ?? new AbortController().signal;
    try {
      return await retryPolicy.execute(
        () =>
          breaker.execute(() =>
            limiter.execute(async () => {
              const release = shared ? await shared.acquire(source, whole) : null;
              try {
                const left = deadline === undefined ? options.timeoutMs : Math.min(options.timeoutMs, deadline - Date.now());
                if (left <= 0) throw new SourceError(source, 'TIMEOUT', 'request deadline passed before the call');
                const timed = timeoutSignal(left, whole);
                try {
                  return await attempt({ signal: timed.signal, timeoutMs: left });
                } finally {
                  timed.end();
                }
              } catch (err) {
                // A 429 slows the source for every process, not only for this call's retries.
                if (shared && err instanceof SourceError && err.code === 'RATE_LIMITED') await shared.holdOff(source, err.retryAfterMs ?? 1_000);
                throw err;
              } finally {
                await release?.();
              }
            }),
          ),
        whole,
      );
    } catch (err) {
      if (err instanceof SourceError) throw err;
      if (err instanceof BrokenCircuitError) throw new SourceError(source, 'CIRCUIT_OPEN', 'circuit open after repeated failures');
      if (err instanceof BulkheadRejectedError) throw new SourceError(source, 'UNAVAILABLE', 'too many calls queued');
      if (whole.aborted) throw new SourceError(source, 'TIMEOUT', 'request deadline passed while waiting to retry');
      throw err;
    } finally {
      budget?.end();
    }
  }

  return { call, circuit: () => CIRCUIT[breaker.state] };
}
