import { Pool } from 'undici';
import { SourceError } from '../contract/index.js';
import type { Attempt } from './resilience.js';

/**
 * Keep-alive connection pools, one per agency origin, shared by every connector that talks to it
 * (the sandbox serves all sources on one origin; production agencies each have their own).
 */
export class AgencyPools {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly connectionsPerOrigin = 32) {}

  pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.connectionsPerOrigin, keepAliveTimeout: 30_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
  }
}

export interface AgencyResponse {
  status: number;
  body: unknown;
  retryAfterMs?: number;
}

/** Retry-After as seconds or as an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * One HTTP exchange with an agency, its failures classified for the resilience policies:
 * 429 is RATE_LIMITED (with Retry-After), 5xx and network errors UNAVAILABLE, 504 and the attempt's
 * timeout TIMEOUT, any other 4xx REJECTED. 2xx answers come back parsed.
 */
export async function agencyRequest(
  pools: AgencyPools,
  source: string,
  url: URL,
  method: 'GET' | 'POST',
  body: unknown,
  attempt: Attempt,
  requestId?: string,
): Promise<AgencyResponse> {
  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  let text: string;
  try {
    const res = await pools.pool(url.origin).request({
      path: url.pathname + url.search,
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: attempt.signal,
    });
    status = res.statusCode;
    headers = res.headers;
    text = await res.body.text();
  } catch (err) {
    if (attempt.signal.aborted) throw new SourceError(source, 'TIMEOUT', `no answer within ${attempt.timeoutMs} ms`);
    throw new SourceError(source, 'UNAVAILABLE', `connection failed: ${(err as Error).message}`);
  }
  if (status === 429) {
    throw new SourceError(source, 'RATE_LIMITED', 'rate limited by the agency (429)', parseRetryAfter(headers['retry-after']) ?? 1000);
  }
  if (status === 504) throw new SourceError(source, 'TIMEOUT', 'agency gateway timed out (504)');
  if (status >= 500) throw new SourceError(source, 'UNAVAILABLE', `agency answered ${status}`);
  let parsed: unknown;
  try {
    parsed = text.length === 0 ? null : JSON.parse(text);
  } catch {
    throw new SourceError(source, 'UNAVAILABLE', `agency answered ${status} with a body that is not JSON`);
  }
  if (status >= 400) {
    const message = (parsed as { error?: { message?: string } } | null)?.error?.message ?? 'request refused';
    throw new SourceError(source, 'REJECTED', `agency refused the request (${status}): ${message}`, undefined, status);
  }
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  return { status, body: parsed, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}
