import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { Semaphore } from 'redis-semaphore';
import { definedScript } from '../../connectors/index.js';
import { recordAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';

/** The limits (README: QUOTA_*); each holds across every hub process sharing the Redis and prefix. */
export interface QuotaLimits {
  /** Requests (GraphQL and REST) per second per token (its `iss` and `sub`), or per client address without a valid token. */
  requestsPerSecond: number;
  /** Requests per second of all of an organisation's tokens together. */
  orgRequestsPerSecond: number;
  /** requestVerification and retrySources per minute per organisation (each calls every agency it needs). */
  orgVerificationsPerMinute: number;
  /** Verifications running at once per organisation. */
  orgConcurrentVerifications: number;
  /** Batch submissions (GraphQL submitBatch, POST /batches) per minute per organisation. */
  orgBatchesPerMinute: number;
}

export interface QuotaOptions {
  redis: Redis;
  /** Key prefix: the deployment's QUEUE_PREFIX (per test hub in tests). */
  prefix: string;
  limits: QuotaLimits;
  db: Knex;
  logger: Logger;
}

/** A refusal: which limit, and when to try again (whole seconds, at least 1: HTTP Retry-After). */
export interface QuotaRefusal {
  limit: keyof QuotaLimits;
  retryAfterSeconds: number;
}

export type QuotaKind = 'verification' | 'batch';

export interface Quotas {
  /** Counts one request; null when admitted. Refusals are audited (logged without a caller) once per caller, limit and minute. */
  request(caller: Caller | null, client: string, via: string): Promise<QuotaRefusal | null>;
  /** Runs `run` within the organisation's verification or batch quota, or throws RATE_LIMITED. */
  around<T>(kind: QuotaKind, caller: Caller, via: string, run: () => Promise<T>): Promise<T>;
}

/** The HubError a refusal is: code RATE_LIMITED, `retryAfterSeconds` in its extensions. */
export function rateLimited(r: QuotaRefusal): HubError {
  return new HubError('RATE_LIMITED', `${r.limit}: quota reached; try again in ${r.retryAfterSeconds} s`, { retryAfterSeconds: r.retryAfterSeconds, limit: r.limit });
}

/**
 * GCRA (a token bucket as one timestamp) over one or more buckets at once: each admits `burst` at
 * once, then one per `interval` ms. Admitted only if every bucket admits, and then recorded in
 * every bucket; a refusal records nothing, so a refused flood does not push the next admission
 * away. Redis's clock, so machines' clocks do not matter. KEYS: the buckets. ARGV: interval ms and
 * burst per bucket. Returns {0, 0} (admitted) or {the refusing bucket's number from 1, the
 * milliseconds until it admits}.
 */
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local next = {}
for i = 1, #KEYS do
  local interval, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local tat = math.max(tonumber(redis.call('GET', KEYS[i]) or '0'), now)
  local wait = tat - (burst - 1) * interval - now
  if wait > 0 then return {i, math.ceil(wait)} end
  next[i] = tat + interval
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], tostring(next[i]), 'PX', math.ceil(next[i] - now) + 1000)
end
return {0, 0}`;

/** A bucket of the GCRA script: its key, the interval between admissions and the burst. */
interface Bucket {
  key: string;
  intervalMs: number;
  burst: number;
}

/** At most one audit event per caller and limit in this window: a flood cannot fill the audit log. */
const AUDIT_WINDOW_MS = 60_000;
/** A verification's place is given back if its process dies; renewed while it runs. */
const CONCURRENCY_LEASE_MS = 30_000;

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/**
 * Per token and per organisation quotas in Redis (docs/SECURITY.md, Perimeter). Rates are GCRA
 * buckets (a request's token and organisation buckets in one script call, no herd), concurrency is redis-semaphore leases, as the
 * connectors' shared limits are. Redis unreachable: requests are admitted and the error logged
 * (quotas protect capacity; the queues need Redis anyway, and /readyz reports it).
 */
export function createQuotas(options: QuotaOptions): Quotas {
  const { redis, prefix, limits, db, logger } = options;
  const key = (...parts: string[]) => `${prefix}:quota:${parts.join(':')}`;
  const tokenKey = (c: Caller) => digest(`${c.issuer}\n${c.sub}`);

  const gcra = definedScript(redis, GCRA);

  /** One round trip for the buckets together: the index of the one that refused and its wait, or null. */
  async function take(buckets: readonly Bucket[]): Promise<{ bucket: number; waitMs: number } | null> {
    const args = buckets.flatMap((b) => [String(b.intervalMs), String(Math.max(1, Math.floor(b.burst)))]);
    const [refusing, waitMs] = (await gcra(buckets.length, ...buckets.map((b) => b.key), ...args)) as [number, number];
    return refusing === 0 ? null : { bucket: refusing - 1, waitMs };
  }

  async function refused(limit: keyof QuotaLimits, waitMs: number, who: string, caller: Caller | null, via: string): Promise<QuotaRefusal> {
    const refusal = { limit, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1_000)) };
    try {
      const first = await redis.set(key('audited', limit, who), '1', 'PX', AUDIT_WINDOW_MS, 'NX');
      if (first === 'OK') {
        logger.warn({ limit, who: caller ? { sub: caller.sub, org: caller.org } : who, via }, 'quota reached');
        if (caller) {
          await recordAuditEvents(db, [{ action: 'quota.exceeded', outcome: 'REFUSED', actor: caller, errorCode: 'RATE_LIMITED', details: { limit, value: limits[limit], retryAfterSeconds: refusal.retryAfterSeconds, via, auditedOncePerSeconds: AUDIT_WINDOW_MS / 1_000 } }]);
        }
      }
    } catch (err) {
      logger.error({ err, limit }, 'quota refusal could not be recorded');
    }
    return refusal;
  }

  async function check(caller: Caller | null, client: string, via: string): Promise<QuotaRefusal | null> {
    const who = caller ? `token:${tokenKey(caller)}` : `client:${digest(client)}`;
    const perToken = { key: key('rps', who), intervalMs: 1_000 / limits.requestsPerSecond, burst: limits.requestsPerSecond };
    const org = caller ? `org:${caller.org}` : null;
    const perOrg = org ? [{ key: key('rps', org), intervalMs: 1_000 / limits.orgRequestsPerSecond, burst: limits.orgRequestsPerSecond }] : [];
    const refusal = await take([perToken, ...perOrg]);
    if (!refusal) return null;
    return refusal.bucket === 0 ? refused('requestsPerSecond', refusal.waitMs, who, caller, via) : refused('orgRequestsPerSecond', refusal.waitMs, org!, caller, via);
  }

  async function failOpen<T>(what: string, fallback: T, attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (err) {
      logger.error({ err, quota: what }, 'quota check failed; admitted');
      return fallback;
    }
  }

  return {
    request: (caller, client, via) => failOpen('request', null, () => check(caller, client, via)),

    async around(kind, caller, via, run) {
      const org = `org:${caller.org}`;
      const [limit, perMinute] = kind === 'batch' ? (['orgBatchesPerMinute', limits.orgBatchesPerMinute] as const) : (['orgVerificationsPerMinute', limits.orgVerificationsPerMinute] as const);
      const refusal = await failOpen(limit, null, () => take([{ key: key(kind, org), intervalMs: 60_000 / perMinute, burst: perMinute }]));
      if (refusal) throw rateLimited(await refused(limit, refusal.waitMs, org, caller, via));
      if (kind === 'batch') return run();
      const slot = new Semaphore(redis, key('concurrent', org), limits.orgConcurrentVerifications, { lockTimeout: CONCURRENCY_LEASE_MS, acquireAttemptsLimit: 1, acquireTimeout: 1_000, onLockLost: () => undefined });
      let held = false;
      try {
        held = await slot.tryAcquire();
      } catch (err) {
        logger.error({ err, quota: 'orgConcurrentVerifications' }, 'quota check failed; admitted');
        return run();
      }
      if (!held) throw rateLimited(await refused('orgConcurrentVerifications', 1_000, org, caller, via));
      try {
        return await run();
      } finally {
        await slot.release().catch((err: unknown) => logger.error({ err }, 'quota: a verification slot could not be released (its lease expires)'));
      }
    },
  };
}
