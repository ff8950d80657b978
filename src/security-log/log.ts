import type { Knex } from 'knex';
import type { Logger } from '../logging/index.js';
import { findRegion } from '../regions/index.js';
import { claimedIdentity, safeDetail, safeLabel } from './detail.js';
import { createRateWindows, type RateWindowOptions, type WindowSlot } from './limiter.js';
import type { SecurityEventInput } from './model.js';
import { purgeSecurityEvents, SECURITY_LOG_RETENTION_DAYS } from './retention.js';

export interface SecurityLogOptions {
  db: Knex;
  logger: Logger;
  /**
   * Flood guard (limiter.ts). Defaults: 20 rows a minute per source and kind (a client retrying a
   * bad token is seen, a flood collapses), 600 a minute in all, 10,000 sources remembered at once.
   */
  limits?: Partial<RateWindowOptions>;
  /** How long repeats are counted in memory before their rows' counts are updated (default 250 ms). */
  repeatFlushMs?: number;
  /** Days a row is kept after its last repeat (default SECURITY_LOG_RETENTION_DAYS, retention.ts); purged hourly. */
  retentionDays?: number;
}

/** What the log did since start: rows written, repeats collapsed, events lost (database failing). */
export interface SecurityLogStats {
  written: number;
  collapsed: number;
  dropped: number;
}

export interface SecurityLog {
  /** Records a refusal. Never throws and never waits: the request path goes on whatever the database does. */
  record(event: SecurityEventInput): void;
  /** Waits for every write begun so far (tests). */
  flush(): Promise<void>;
  /** Stops the hourly purge and waits for every write begun so far (stopping the hub). */
  stop(): Promise<void>;
  stats(): SecurityLogStats;
}

const DEFAULT_LIMITS: RateWindowOptions = { perKey: 20, total: 600, maxKeys: 10_000 };
const FAILURE_LOG_EVERY_MS = 60_000;
const PURGE_EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;

const regionOrNull = (code: string | null | undefined): string | null => (typeof code === 'string' && findRegion(code) ? code : null);

/** The row of one event, every free text masked and bounded (detail.ts). */
function rowOf(event: SecurityEventInput, overflow: boolean): Record<string, unknown> {
  const actor = event.actor ?? null;
  const claimed = actor ? { claimedSub: null, claimedOrg: null } : claimedIdentity(event.authorization);
  const detail = safeDetail(event.detail);
  return {
    kind: event.kind,
    reason: safeLabel(event.reason),
    error_code: safeLabel(event.errorCode) ?? 'UNKNOWN',
    source_address: overflow ? null : safeLabel(event.sourceAddress),
    actor_sub: safeLabel(actor?.sub),
    actor_org: regionOrNull(actor?.org),
    claimed_sub: claimed.claimedSub,
    claimed_org: claimed.claimedOrg,
    door: safeLabel(event.door) ?? 'unknown',
    detail: overflow ? `repeats from several sources counted together; first: ${detail ?? '-'}` : detail,
    region_code: regionOrNull(event.regionCode),
  };
}

/**
 * The security log's writer (the only one of `security_events`). Writes are fire-and-forget: a
 * refusal is answered at once, and a database that fails loses the event (counted in `dropped`,
 * logged at most once a minute) rather than failing or slowing the request.
 */
export function createSecurityLog(options: SecurityLogOptions): SecurityLog {
  const { db, logger } = options;
  const windows = createRateWindows({ ...DEFAULT_LIMITS, ...options.limits });
  const stats: SecurityLogStats = { written: 0, collapsed: 0, dropped: 0 };
  const inflight = new Set<Promise<unknown>>();
  const dirty = new Set<WindowSlot>();
  let timer: NodeJS.Timeout | null = null;
  let lastFailureLog = 0;
  const retentionDays = options.retentionDays ?? SECURITY_LOG_RETENTION_DAYS;
  // Every hub process purges; the deletes are idempotent, and a failed one is tried again an hour later.
  const purger = setInterval(() => {
    void track(
      purgeSecurityEvents(db, new Date(Date.now() - retentionDays * DAY_MS)).then(
        (purged) => {
          if (purged > 0) logger.info({ purged, retentionDays }, 'security log: old events purged');
        },
        (err: unknown) => logger.error({ err }, 'security log: purge failed'),
      ),
    );
  }, PURGE_EVERY_MS).unref();

  function lost(n: number, err: unknown): void {
    stats.dropped += n;
    if (Date.now() - lastFailureLog < FAILURE_LOG_EVERY_MS) return;
    lastFailureLog = Date.now();
    logger.error({ err, dropped: stats.dropped }, 'security log: events could not be written and were dropped');
  }

  function track<T>(p: Promise<T>): Promise<T> {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
    return p;
  }

  async function insert(row: Record<string, unknown>): Promise<string | null> {
    try {
      const [written] = await db('security_events').insert(row).returning('id');
      stats.written += 1;
      return String((written as { id: string | number }).id);
    } catch (err) {
      lost(1, err);
      return null;
    }
  }

  async function addRepeats(slot: WindowSlot): Promise<void> {
    const n = slot.pending;
    slot.pending = 0;
    const id = n > 0 && slot.last ? await slot.last : null;
    if (n === 0) return;
    if (id === null) return lost(n, new Error('the row repeats are counted in was not written'));
    try {
      await db('security_events').where({ id }).update({ count: db.raw('count + ?', [n]), last_at: db.fn.now() });
    } catch (err) {
      lost(n, err);
    }
  }

  function flushRepeats(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const slots = [...dirty];
    dirty.clear();
    return track(Promise.all(slots.map(addRepeats)).then(() => undefined));
  }

  async function flush(): Promise<void> {
    while (inflight.size > 0 || dirty.size > 0) {
      await Promise.all([...inflight]);
      if (dirty.size > 0) await flushRepeats();
    }
  }

  return {
    record(event) {
      try {
        const decision = windows.decide(event.sourceAddress, event.kind, Date.now());
        if (decision.insert) {
          decision.slot.last = track(insert(rowOf(event, decision.overflow)));
          return;
        }
        stats.collapsed += 1;
        decision.slot.pending += 1;
        dirty.add(decision.slot);
        timer ??= setTimeout(() => void flushRepeats(), options.repeatFlushMs ?? 250).unref();
      } catch (err) {
        lost(1, err);
      }
    },
    flush,
    async stop() {
      clearInterval(purger);
      await flush();
    },
    stats: () => ({ ...stats }),
  };
}
