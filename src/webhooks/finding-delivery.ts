import type { Knex } from 'knex';
import { findingPayload, type FindingPayload } from '../audit-findings/index.js';
import { jurisdictionPattern } from '../policy/index.js';
import { AUDIT_FINDING_KIND } from './audience.js';
import { markDead, type AttemptOptions, type AttemptResult, type WebhookSigner } from './delivery.js';
import { sendDelivery } from './send.js';

/** What an audit office's receiver gets, as the payload of a compact JWS signed with the hub's report key. */
export interface FindingWebhookPayload {
  deliveryId: string;
  kind: typeof AUDIT_FINDING_KIND;
  finding: FindingPayload;
}

/** Its own typ: a finding must never pass for a change event or a verification report. */
export const AUDIT_FINDING_JWS_TYP = 'hub-audit-finding+jws';

/**
 * Creates a PENDING delivery of each new finding for every active audit-office subscription
 * (kind AUDIT_FINDING) whose jurisdiction holds the finding's region or its actor's organisation.
 * Call inside the transaction that stored the findings; after it commits, pass the ids returned
 * to the webhook queue's `enqueue` (the reconciler enqueues them if that is missed). Idempotent.
 */
export async function enqueueFindingDeliveries(trx: Knex.Transaction, findingIds: readonly string[]): Promise<string[]> {
  if (findingIds.length === 0) return [];
  const orgs = ((await trx('webhook_subscriptions').where({ active: true }).whereRaw('? = ANY(kinds)', [AUDIT_FINDING_KIND]).distinct('org')) as { org: string }[]).map((r) => r.org);
  if (orgs.length === 0) return [];
  const values = orgs.map(() => '(?::text, ?::text)').join(', ');
  const bindings = orgs.flatMap((org) => [org, jurisdictionPattern(org)]);
  const result = await trx.raw<{ rows: { id: string }[] }>(
    `INSERT INTO webhook_deliveries (subscription_id, audit_finding_id)
     SELECT s.id, f.id
       FROM webhook_subscriptions s
       JOIN (VALUES ${values}) AS j(org, pattern) ON j.org = s.org
       JOIN audit_findings f ON f.region_code LIKE j.pattern OR f.actor_org LIKE j.pattern
      WHERE s.active AND ? = ANY(s.kinds) AND f.id = ANY(?::uuid[])
     ON CONFLICT (subscription_id, audit_finding_id) DO NOTHING
     RETURNING id`,
    [...bindings, AUDIT_FINDING_KIND, [...findingIds]],
  );
  return result.rows.map((r) => r.id);
}

interface FindingSendRow {
  status: string;
  attempts: number;
  url: string;
  org: string;
  active: boolean;
  audit_finding_id: string;
}

/** One attempt at a finding's delivery (attemptDelivery hands over what is not a change event's); the same rules as a change event's. */
export async function attemptFindingDelivery(db: Knex, signer: WebhookSigner, deliveryId: string, options: AttemptOptions): Promise<AttemptResult> {
  const row: FindingSendRow | undefined = await db('webhook_deliveries as d')
    .join('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .where('d.id', deliveryId)
    .whereNotNull('d.audit_finding_id')
    .first('d.status', 'd.attempts', 's.url', 's.org', 's.active', 'd.audit_finding_id');
  if (!row) return { outcome: 'SKIPPED', reason: 'no such delivery' };
  if (row.status !== 'PENDING') return { outcome: 'SKIPPED', reason: `already ${row.status}` };
  if (!row.active) {
    const error = 'subscription cancelled before delivery';
    await markDead(db, deliveryId, error);
    return { outcome: 'DEAD', error, detail: error, failed: false };
  }
  const finding = await findingPayload(db, row.audit_finding_id);
  if (!finding) {
    await markDead(db, deliveryId, 'finding no longer exists');
    return { outcome: 'DEAD', error: 'finding no longer exists', detail: 'finding no longer exists', failed: false };
  }
  const payload: FindingWebhookPayload = { deliveryId, kind: AUDIT_FINDING_KIND, finding };
  return sendDelivery(db, signer, deliveryId, row, payload, AUDIT_FINDING_JWS_TYP, options);
}
