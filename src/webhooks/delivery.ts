import type { Knex } from 'knex';
import { describeChange, openChangeDetails, type ChangeDetails, type ChangeEvent, type ChangeKind } from '../changes/index.js';
import { HubError } from '../errors/index.js';
import { jurisdictionPattern } from '../policy/index.js';
import { localTime } from '../regions/index.js';
import type { ReportKeyRing } from '../signing/index.js';
import { attemptFindingDelivery } from './finding-delivery.js';
import { sendDelivery } from './send.js';
import type { HostLookup } from './target.js';

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'DEAD'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  url: string;
  changeEventId: string;
  kind: ChangeKind;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

/** What a receiver gets, as the payload of a compact JWS signed with the hub's report key. */
export interface WebhookPayload {
  deliveryId: string;
  event: {
    id: string;
    kind: ChangeKind;
    householdId: string;
    regionCode: string;
    reportId: string;
    personId: string | null;
    details: ChangeDetails;
    detectedAt: string;
    /** The change read out (Chinese, English), and when it was found in the region's time. */
    summaryZh: string;
    summaryEn: string;
    detectedAtLocal: string;
  };
}

export type WebhookSigner = Pick<ReportKeyRing, 'sign'>;

export const CHANGE_EVENT_JWS_TYP = 'hub-change-event+jws';

/**
 * Creates a PENDING delivery for every active subscription that wants the event: the
 * subscriber's jurisdiction contains the event's region and its kinds are empty or name the
 * event's kind. Call inside the transaction that records the events; after it commits, pass the
 * ids returned to the webhook queue's `enqueue` (the reconciler enqueues them if that is missed).
 * Idempotent: a (subscription, event) pair gets one delivery however often this runs.
 */
export async function enqueueDeliveries(trx: Knex.Transaction, events: readonly Pick<ChangeEvent, 'id'>[]): Promise<string[]> {
  if (events.length === 0) return [];
  const orgs = ((await trx('webhook_subscriptions').where({ active: true }).distinct('org')) as { org: string }[]).map((r) => r.org);
  if (orgs.length === 0) return [];
  // Jurisdiction prefixes are computed here, where the region table is; SQL only matches them.
  const values = orgs.map(() => '(?::text, ?::text)').join(', ');
  const bindings = orgs.flatMap((org) => [org, jurisdictionPattern(org)]);
  const result = await trx.raw<{ rows: { id: string }[] }>(
    `INSERT INTO webhook_deliveries (subscription_id, change_event_id)
     SELECT s.id, e.id
       FROM webhook_subscriptions s
       JOIN (VALUES ${values}) AS j(org, pattern) ON j.org = s.org
       JOIN change_events e ON e.region_code LIKE j.pattern
      WHERE s.active AND e.id = ANY(?::uuid[]) AND (cardinality(s.kinds) = 0 OR e.kind = ANY(s.kinds))
     ON CONFLICT (subscription_id, change_event_id) DO NOTHING
     RETURNING id`,
    [...bindings, events.map((e) => e.id)],
  );
  return result.rows.map((r) => r.id);
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  url: string;
  change_event_id: string;
  kind: ChangeKind;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
}

export const MAX_DELIVERIES_PAGE = 500;

/** The organisation's deliveries, newest first, optionally of one status. */
export async function listDeliveries(db: Knex, org: string, status?: DeliveryStatus | null, options: { first?: number; subscriptionId?: string } = {}): Promise<WebhookDelivery[]> {
  const first = options.first ?? 100;
  if (!Number.isInteger(first) || first < 1 || first > MAX_DELIVERIES_PAGE) throw new HubError('BAD_USER_INPUT', `first: a whole number from 1 to ${MAX_DELIVERIES_PAGE}`, { field: 'first' });
  const q = db('webhook_deliveries as d').join('webhook_subscriptions as s', 's.id', 'd.subscription_id').join('change_events as e', 'e.id', 'd.change_event_id').where('s.org', org);
  if (status) q.where('d.status', status);
  if (options.subscriptionId) q.where('d.subscription_id', options.subscriptionId);
  const rows: DeliveryRow[] = await q
    .select('d.*', 's.url', 'e.kind')
    .orderBy([{ column: 'd.created_at', order: 'desc' }, { column: 'd.id', order: 'desc' }])
    .limit(first);
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    url: r.url,
    changeEventId: r.change_event_id,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
  }));
}

export interface AttemptOptions {
  /** This attempt's number as the queue counts it (1 for the first). */
  attempt: number;
  /** Attempts a delivery gets in all; the last failure makes it DEAD. */
  attempts: number;
  /** How long the receiver has to answer. */
  timeoutMs: number;
  /** How the receiver's host is resolved right before the POST (default: the system resolver). */
  lookup?: HostLookup;
  /** HUB_ENV=production: only https is delivered (default: the deployment's setting, settings.ts). */
  production?: boolean;
  /** Loopback receivers (WEBHOOK_ALLOW_LOOPBACK=on, development); default: the deployment's setting. */
  allowLoopback?: boolean;
}

/** What the subscriber sees when a stored URL is not https in production (a subscription saved under development). */
export const HTTPS_REQUIRED = 'https required';

/**
 * DELIVERED: the receiver answered 2xx. RETRY: it did not, try again later. DEAD: it did not and
 * that was the last attempt (`failed`), or the subscription was cancelled (not `failed`: nothing
 * was sent). SKIPPED: nothing to do (already delivered or dead, or no such delivery).
 */
export type AttemptResult =
  | { outcome: 'DELIVERED'; status: number }
  | { outcome: 'RETRY'; error: string; detail: string }
  | { outcome: 'DEAD'; error: string; detail: string; failed: boolean }
  | { outcome: 'SKIPPED'; reason: string };

interface SendRow {
  id: string;
  status: DeliveryStatus;
  attempts: number;
  url: string;
  org: string;
  active: boolean;
  event_id: string;
  kind: ChangeKind;
  household_id: string;
  region_code: string;
  report_id: string;
  person_id: string | null;
  details_sealed: Buffer | null;
  detected_at: Date;
}

/** What a subscriber is told when the hub itself failed to make an attempt (the detail is logged). */
export const HUB_ERROR = 'hub error';

/**
 * Marks a delivery DEAD unless it already left PENDING; used when the attempt itself broke (database,
 * signing): the subscriber sees only HUB_ERROR, the caller logs what happened.
 */
export async function markDead(db: Knex, deliveryId: string, error: string = HUB_ERROR): Promise<void> {
  await db('webhook_deliveries').where({ id: deliveryId, status: 'PENDING' }).update({ status: 'DEAD', last_error: error.slice(0, 1_000) });
}

const summaryOf = (kind: ChangeKind, details: ChangeDetails) => {
  const s = describeChange(kind, details);
  return { summaryZh: s.zh, summaryEn: s.en };
};

/**
 * One attempt at a delivery: loads it, signs the payload with the hub's report key and POSTs the
 * compact JWS. The row is the truth (jobs are delivered at least once): only a PENDING delivery is
 * sent, and every attempt is counted in it. The final attempt is the later of the queue's count and
 * the row's, so a job re-added after Redis lost it does not get a fresh allowance.
 */
export async function attemptDelivery(db: Knex, signer: WebhookSigner, deliveryId: string, options: AttemptOptions): Promise<AttemptResult> {
  const row: SendRow | undefined = await db('webhook_deliveries as d')
    .join('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .join('change_events as e', 'e.id', 'd.change_event_id')
    .where('d.id', deliveryId)
    .first('d.id', 'd.status', 'd.attempts', 's.url', 's.org', 's.active', 'e.id as event_id', 'e.kind', 'e.household_id', 'e.region_code', 'e.report_id', 'e.person_id', 'e.details_sealed', 'e.detected_at');
  // Not a change event's: an audit finding's (finding-delivery.ts), or no such delivery.
  if (!row) return attemptFindingDelivery(db, signer, deliveryId, options);
  if (row.status !== 'PENDING') return { outcome: 'SKIPPED', reason: `already ${row.status}` };
  if (!row.active) {
    const error = 'subscription cancelled before delivery';
    await markDead(db, deliveryId, error);
    return { outcome: 'DEAD', error, detail: error, failed: false };
  }

  const details = openChangeDetails(db, row.event_id, row.details_sealed);
  const payload: WebhookPayload = {
    deliveryId,
    event: {
      id: row.event_id,
      kind: row.kind,
      householdId: row.household_id,
      regionCode: row.region_code,
      reportId: row.report_id,
      personId: row.person_id,
      details,
      detectedAt: row.detected_at.toISOString(),
      ...summaryOf(row.kind, details),
      detectedAtLocal: localTime(row.detected_at.toISOString(), row.region_code),
    },
  };
  // Its own typ: a change event must never pass for a signed verification report.
  return sendDelivery(db, signer, deliveryId, row, payload, CHANGE_EVENT_JWS_TYP, options);
}
