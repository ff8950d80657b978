import type { Knex } from 'knex';
import { allowedHostsFor } from './allowed-hosts.js';
import { HTTPS_REQUIRED, type AttemptOptions, type AttemptResult, type WebhookSigner } from './delivery.js';
import { postChecked } from './post.js';
import { webhookSettings } from './settings.js';

/** The delivery's target as loaded with it: where, for which organisation (its allow-list), attempts made so far. */
export interface SendTarget {
  url: string;
  org: string;
  attempts: number;
}

/**
 * Signs a loaded delivery's payload (its own `typ`) and POSTs the compact JWS, counting the attempt
 * in the row: DELIVERED on 2xx, RETRY, or DEAD after the last attempt. Shared by change events and
 * audit findings, so both get the same checks, limits and dead letters.
 */
export async function sendDelivery(db: Knex, signer: WebhookSigner, deliveryId: string, row: SendTarget, payload: object, typ: string, options: AttemptOptions): Promise<AttemptResult> {
  // A URL stored while the hub ran as development (plain http to loopback) is never called in
  // production: the scheme is checked again here, not only when subscribing. Nothing is sent.
  if ((options.production ?? webhookSettings().production) && new URL(row.url).protocol !== 'https:') {
    await db('webhook_deliveries').where({ id: deliveryId, status: 'PENDING' }).update({ status: 'DEAD', last_error: HTTPS_REQUIRED });
    return { outcome: 'DEAD', error: HTTPS_REQUIRED, detail: `not https in production: ${new URL(row.url).protocol}`, failed: true };
  }
  const { jws } = await signer.sign(payload, { typ });
  // The target is checked again now, against the allow-list as it is now (docs/CHANGES.md, Webhook targets).
  const target = { url: row.url, allowed: await allowedHostsFor(db, row.org), lookup: options.lookup, allowLoopback: options.allowLoopback };
  const sent = await postChecked(target, { 'content-type': 'application/jose', 'x-hub-delivery': deliveryId }, jws, options.timeoutMs);
  const counted = { attempts: db.raw('attempts + 1'), last_attempt_at: db.fn.now() };
  if (sent.ok) {
    await db('webhook_deliveries').where({ id: deliveryId, status: 'PENDING' }).update({ ...counted, status: 'DELIVERED', delivered_at: db.fn.now(), last_error: null });
    return { outcome: 'DELIVERED', status: sent.status };
  }
  const final = Math.max(options.attempt, row.attempts + 1) >= options.attempts;
  await db('webhook_deliveries')
    .where({ id: deliveryId, status: 'PENDING' })
    .update({ ...counted, last_error: sent.error, ...(final ? { status: 'DEAD' } : {}) });
  return final ? { outcome: 'DEAD', error: sent.error, detail: sent.detail, failed: true } : { outcome: 'RETRY', error: sent.error, detail: sent.detail };
}
