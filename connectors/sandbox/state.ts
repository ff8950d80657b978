import type { Catalog, Source } from '../../src/catalog/index.js';
import type { Clock } from './clock.js';
import type { Fault } from './faults.js';
import { HttpProblem } from './http.js';
import type { Population } from './people.js';

/** How a simulated agency behaves; every field is settable per source at run time. */
export interface SourceBehaviour {
  /** Added before every answer. */
  latencyMs: number;
  /** Share of calls answered 503. */
  failureRate: number;
  /** Share of calls that hang for `hangMs` and then answer 504: the caller's timeout must fire first. */
  timeoutRate: number;
  hangMs: number;
  /** Calls per second before 429 with Retry-After. */
  rateLimitPerSecond: number;
  /** Asynchronous sources: how long until a ticket's answer is ready. */
  asyncDelayMs: number;
}

export interface SourceStats {
  /** Upstream calls that carried persons (queries and inquiries). */
  calls: number;
  persons: number;
  polls: number;
  rateLimited: number;
  failed: number;
}

export const DEFAULT_BEHAVIOUR: SourceBehaviour = {
  latencyMs: 0,
  failureRate: 0,
  timeoutRate: 0,
  hangMs: 60_000,
  rateLimitPerSecond: 200,
  asyncDelayMs: 2_000,
};

export interface Ticket {
  source: string;
  readyAt: number;
  persons: string[];
  attributes: string[];
}

/** Everything one running sandbox keeps: its people, and per source its behaviour, counts, rate bucket, tickets and fault. */
export interface SandboxState {
  cat: Catalog;
  population: Population;
  behaviours: Map<string, SourceBehaviour>;
  stats: Map<string, SourceStats>;
  buckets: Map<string, { tokens: number; at: number }>;
  tickets: Map<string, Ticket>;
  /** Injected faults by source id, or `*` for every source. */
  faults: Map<string, Fault>;
  /** How far `POST /sandbox/advance` has moved the population on (clock.ts). */
  clock: Clock;
}

export function statsOf(state: SandboxState, id: string): SourceStats {
  let s = state.stats.get(id);
  if (!s) state.stats.set(id, (s = { calls: 0, persons: 0, polls: 0, rateLimited: 0, failed: 0 }));
  return s;
}

export function sourceOf(state: SandboxState, id: string | undefined): Source {
  const source = id === undefined ? undefined : state.cat.source(id);
  if (!source) throw new HttpProblem(404, 'UNKNOWN_SOURCE', `no agency source ${id ?? ''}`);
  return source;
}
