import type { LookupFunction } from 'node:net';
import { Agent, fetch } from 'undici';
import { checkTarget, TargetRefused, type HostLookup, type ResolvedAddress } from './target.js';

/**
 * What one POST came to. `error` is what the subscriber is shown (`webhookDeliveries.lastError`):
 * generic, never an internal address, port or error text, so the delivery log cannot be used to
 * map the hub's network. `detail` is for the hub's log only.
 */
export type PostOutcome = { ok: true; status: number } | { ok: false; error: string; detail: string };

/** A lookup that answers every question with the addresses already checked (no second resolution). */
function pinned(addresses: readonly ResolvedAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, addresses.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as LookupFunction;
}

export interface PostTarget {
  url: string;
  /** The organisation's allow-list entries (see target.ts). */
  allowed: readonly string[];
  lookup?: HostLookup;
  /** Loopback receivers (development only); default: the deployment's setting. */
  allowLoopback?: boolean;
}

/**
 * Resolves and checks the target again right before sending (the name may have been re-pointed
 * since it was subscribed: DNS rebinding), then POSTs over a connection dialled to exactly those
 * addresses; TLS still verifies the certificate for the URL's host name. One agent per attempt:
 * deliveries are rare, and a pooled connection would outlive the check that admitted it.
 */
export async function postChecked(target: PostTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostOutcome> {
  const url = new URL(target.url);
  let addresses: ResolvedAddress[];
  try {
    addresses = await checkTarget(url, { allowed: target.allowed, lookup: target.lookup, allowLoopback: target.allowLoopback });
  } catch (err) {
    if (err instanceof TargetRefused) return { ok: false, error: err.reason.startsWith('resolves to') ? 'target address not allowed' : 'connection failed', detail: `target refused: ${err.detail}` };
    throw err;
  }
  const agent = new Agent({ connect: { lookup: pinned(addresses) } });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body,
      // A redirect is a failure: following it would send the payload somewhere not subscribed (or checked).
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: agent,
    });
    // The answer's body is not used.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, error: `HTTP ${res.status}`, detail: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${url.host} (${addresses.map((a) => a.address).join(', ')})` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') return { ok: false, error: 'timed out', detail: `no answer within ${timeoutMs} ms from ${url.host}` };
    // fetch reports network failures as "fetch failed" with the reason in `cause`.
    const detail = e.cause?.message ? `${e.message}: ${e.cause.code ?? ''} ${e.cause.message}`.trim() : e.message;
    return { ok: false, error: 'connection failed', detail: `${detail} (${url.host})` };
  } finally {
    await agent.close().catch(() => undefined);
  }
}
