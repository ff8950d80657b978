import type { Attribute, Source } from '../../src/catalog/index.js';
import { SourceError, type ConnectorHealth, type FetchContext, type SourceConnector } from '../contract/index.js';
import { agencyRequest, type AgencyPools, type AgencyResponse } from './agency-http.js';
import type { SharedSourceLimits } from '../limits/index.js';
import { createResilientCaller, type ResilienceOptions } from './resilience.js';

export interface ConnectorOptions {
  /** Base URL of this source's agency endpoint (the sandbox, or the agency's exchange gateway). */
  url: string;
  pools: AgencyPools;
  resilience: ResilienceOptions;
  /** Limits shared with every other process calling the source (absent: this process's own only). */
  shared?: SharedSourceLimits;
}

/** The pieces every HTTP family connector shares: guarded calls, bulk check, health bookkeeping. */
export interface HttpConnectorCore {
  request(method: 'GET' | 'POST', path: string, body: unknown, ctx: FetchContext | undefined): Promise<AgencyResponse & { latencyMs: number }>;
  checkBulk(persons: readonly string[]): void;
  checkHealth(ctx?: FetchContext): Promise<boolean>;
  health(): ConnectorHealth;
  attributes: readonly string[];
}

export function createHttpConnectorCore(source: Source, attributes: readonly Attribute[], options: ConnectorOptions): HttpConnectorCore {
  const base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
  const caller = createResilientCaller(source.id, options.resilience, options.shared);
  const stats = { calls: 0, failures: 0, lastLatencyMs: null as number | null, lastError: null as string | null };

  async function request(method: 'GET' | 'POST', path: string, body: unknown, ctx: FetchContext | undefined) {
    const started = performance.now();
    stats.calls++;
    try {
      const res = await caller.call(
        (attempt) => agencyRequest(options.pools, source.id, new URL(path, base), method, body, attempt, ctx?.requestId),
        ctx?.deadline,
        ctx?.signal,
      );
      const latencyMs = Math.round(performance.now() - started);
      stats.lastLatencyMs = latencyMs;
      return { ...res, latencyMs };
    } catch (err) {
      stats.failures++;
      stats.lastError = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  return {
    request,
    attributes: attributes.map((a) => a.code),
    checkBulk(persons) {
      if (persons.length === 0 || persons.length > source.maxBulk) {
        throw new RangeError(`${source.id}: a call carries 1 to ${source.maxBulk} persons, got ${persons.length}`);
      }
    },
    async checkHealth(ctx) {
      try {
        await request('GET', `agencies/${source.id}/health`, undefined, ctx);
        return true;
      } catch (err) {
        if (err instanceof SourceError) return false;
        throw err;
      }
    },
    health: () => ({ source: source.id, circuit: caller.circuit(), ...stats }),
  };
}

/** A connector of a synchronous family cannot be polled: there are no tickets. */
export function noTickets(source: Source): SourceConnector['poll'] {
  return async () => {
    throw new SourceError(source.id, 'REJECTED', 'synchronous source: nothing to poll');
  };
}
