// Offers: the contract every connector implements (fetch, poll, health) and the errors it may raise.
// Keeps: nothing: the contract is all public; what a connector does behind it is its own.
import type { Family, PersonRecord, Source } from '../../src/catalog/index.js';

// The domain's record types belong to the catalogue; the contract passes them on for connector authors.
export type { AttributeValue, PersonRecord } from '../../src/catalog/index.js';

/**
 * The answer of one upstream call. `PENDING` is the normal answer of an asynchronous source
 * (banks): keep the ticket and `poll` it later; it is not an error.
 */
export type FetchResult =
  | { kind: 'DONE'; records: Map<string, PersonRecord>; latencyMs: number }
  | { kind: 'PENDING'; ticket: string; readyAt: Date | null; latencyMs: number };

export interface FetchContext {
  /** Epoch milliseconds after which the caller no longer wants the answer. */
  deadline?: number;
  signal?: AbortSignal;
  /** Correlates upstream calls with the hub request in the agency's logs. */
  requestId?: string;
}

/**
 * Why a call gave no answer. `TIMEOUT` and `UNAVAILABLE` become the per-source status of a report;
 * `CIRCUIT_OPEN` is reported as `UNAVAILABLE` without calling the agency; `REJECTED` means the agency
 * refused the request itself (a 4xx other than 429) and is never retried; `TICKET_UNKNOWN` means an
 * asynchronous source no longer knows a ticket it issued (lost or expired): ask again, do not poll it.
 */
export type SourceErrorCode = 'TIMEOUT' | 'UNAVAILABLE' | 'CIRCUIT_OPEN' | 'RATE_LIMITED' | 'REJECTED' | 'TICKET_UNKNOWN';

export class SourceError extends Error {
  override name = 'SourceError';
  constructor(
    readonly source: string,
    readonly code: SourceErrorCode,
    message: string,
    /** For RATE_LIMITED: what the agency's Retry-After asked for. */
    readonly retryAfterMs?: number,
    /** For REJECTED: the HTTP status the agency refused with. */
    readonly httpStatus?: number,
  ) {
    super(`${source}: ${message}`);
  }

  /** Worth another attempt: the same request may succeed later. */
  get retryable(): boolean {
    return this.code === 'TIMEOUT' || this.code === 'UNAVAILABLE' || this.code === 'RATE_LIMITED';
  }

  /** Counts toward opening the circuit: the agency is failing, not merely busy or refusing us. */
  get countsAsFailure(): boolean {
    return this.code === 'TIMEOUT' || this.code === 'UNAVAILABLE';
  }
}

export type CircuitStatus = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface ConnectorHealth {
  source: string;
  circuit: CircuitStatus;
  calls: number;
  failures: number;
  /** Latency of the last successful call, milliseconds. */
  lastLatencyMs: number | null;
  lastError: string | null;
}

/**
 * The contract every agency connector fulfils. The connector owns its endpoint, protocol,
 * timeouts, retries, circuit breaker and concurrency limit; the hub never speaks an agency's
 * protocol itself.
 *
 * @remarks
 * A connector does not split work: callers pass at most `source.maxBulk` persons per call (the
 * broker's DataLoaders batch to that size). It does not cache: caching personal data is the
 * hub's decision, made with the consent and the purpose in view. It does not decide which
 * attributes a caller may see: it fetches what it is asked for.
 */
export interface SourceConnector {
  readonly source: Source;
  readonly family: Family;
  /** Attribute codes this source provides. */
  readonly attributes: readonly string[];
  /** Asks for `attributeCodes` of `persons` (resident ID numbers); at most `source.maxBulk` persons. */
  fetch(persons: readonly string[], attributeCodes: readonly string[], ctx?: FetchContext): Promise<FetchResult>;
  /** Asks again for a pending ticket (asynchronous sources only). */
  poll(ticket: string, ctx?: FetchContext): Promise<FetchResult>;
  /** Whether the agency answers its health endpoint now. */
  checkHealth(ctx?: FetchContext): Promise<boolean>;
  health(): ConnectorHealth;
}
