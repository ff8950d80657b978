import type { SourceConnector } from '../../connectors/index.js';
import type { SourceOutcome } from './fetch.js';

export interface CollectOptions {
  /** When the agency said the answer would be ready (first poll then), or null for "soon". */
  readyAt: Date | null;
  /** Epoch ms after which the source is given up as TIMEOUT. */
  giveUpAt: number;
  /** First wait when the agency gave no ready time, and the step the backoff doubles from. */
  firstWaitMs?: number;
  maxWaitMs?: number;
  /** Aborting stops the collection (shutdown): the ticket stays valid and the report pending. */
  signal?: AbortSignal;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Collects the answer to a pending ticket: waits until the agency's ready time, then polls with
 * doubling waits (never a busy loop) until the answer is there or `giveUpAt` passes. Failed polls
 * are retried the same way: the ticket stays valid at the agency.
 */
export async function collectPending(connector: SourceConnector, ticket: string, options: CollectOptions): Promise<SourceOutcome> {
  const started = Date.now();
  let wait = Math.max(0, (options.readyAt?.getTime() ?? Date.now() + (options.firstWaitMs ?? 1000)) - Date.now());
  let step = options.firstWaitMs ?? 1000;
  let lastError = 'no answer before the pending-answer deadline';
  for (;;) {
    const remaining = options.giveUpAt - Date.now();
    if (remaining <= 0) return { status: 'TIMEOUT', latencyMs: Date.now() - started, error: lastError };
    await sleep(Math.min(wait, remaining), options.signal);
    if (Date.now() >= options.giveUpAt) continue;
    try {
      const result = await connector.poll(ticket, { deadline: options.giveUpAt, ...(options.signal ? { signal: options.signal } : {}) });
      if (result.kind === 'DONE') {
        const found = [...result.records.values()].some((r) => r.found);
        return { status: found ? 'OK' : 'NOT_FOUND', latencyMs: Date.now() - started, records: result.records };
      }
      wait = result.readyAt ? Math.max(step, result.readyAt.getTime() - Date.now()) : step;
    } catch (err) {
      if (options.signal?.aborted) throw err;
      lastError = err instanceof Error ? err.message : String(err);
      wait = step;
    }
    step = Math.min(step * 2, options.maxWaitMs ?? 60_000);
  }
}
