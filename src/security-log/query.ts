import type { Knex } from 'knex';
import type { Caller } from '../auth/index.js';
import { jurisdictionPattern, requireJurisdiction } from '../policy/index.js';
import { findRegion } from '../regions/index.js';
import type { SecurityEvent, SecurityEventKind } from './model.js';

export interface SecurityEventFilter {
  kind?: SecurityEventKind | null;
  reason?: string | null;
  /** Events about data of this region or by callers of its organisations (inside the auditor's jurisdiction). */
  regionCode?: string | null;
  sourceAddress?: string | null;
  since?: Date | null;
  until?: Date | null;
}

/**
 * Whether the caller sees events nobody can be placed for (no data region, no verified caller:
 * failed authentications). Decided: province-level auditors only, since the claims of a refused
 * token are the attacker's choice and cannot route an event to a county.
 */
export function seesUnplaced(caller: Caller): boolean {
  return findRegion(caller.org)?.level === 'province';
}

/**
 * Security events inside the auditor's jurisdiction, newest first, keyset-paginated by id: those
 * whose data region or verified caller's organisation lies inside it, and, for province-level
 * auditors, those with neither. A `regionCode` filter outside the jurisdiction is OUT_OF_JURISDICTION.
 */
export async function querySecurityEvents(db: Knex, caller: Caller, filter: SecurityEventFilter, first: number, before: string | null): Promise<SecurityEvent[]> {
  const q = db('security_events');
  if (filter.regionCode) {
    requireJurisdiction(caller, filter.regionCode, 'filter.regionCode');
    const pattern = jurisdictionPattern(filter.regionCode);
    q.where((w) => w.where('region_code', 'like', pattern).orWhere((o) => o.whereNull('region_code').andWhere('actor_org', 'like', pattern)));
  } else {
    const pattern = jurisdictionPattern(caller.org);
    q.where((w) => {
      w.where('region_code', 'like', pattern).orWhere((o) => o.whereNull('region_code').andWhere('actor_org', 'like', pattern));
      if (seesUnplaced(caller)) w.orWhere((o) => o.whereNull('region_code').whereNull('actor_org'));
    });
  }
  if (filter.kind) q.where('kind', filter.kind);
  if (filter.reason) q.where('reason', filter.reason);
  if (filter.sourceAddress) q.where('source_address', filter.sourceAddress);
  if (filter.since) q.where('last_at', '>=', filter.since);
  if (filter.until) q.where('occurred_at', '<', filter.until);
  if (before !== null) q.where('id', '<', before);
  const rows = await q.select('*').orderBy('id', 'desc').limit(first);
  return rows.map((r) => ({
    id: String(r.id),
    occurredAt: new Date(r.occurred_at).toISOString(),
    lastAt: new Date(r.last_at).toISOString(),
    kind: r.kind,
    reason: r.reason,
    errorCode: r.error_code,
    sourceAddress: r.source_address,
    actorSub: r.actor_sub,
    actorOrg: r.actor_org,
    claimedSub: r.claimed_sub,
    claimedOrg: r.claimed_org,
    door: r.door,
    detail: r.detail,
    regionCode: r.region_code,
    count: Number(r.count),
  }));
}
