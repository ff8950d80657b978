import type { Knex } from 'knex';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { CHANGE_KINDS, isChangeKind, type ChangeKind } from '../changes/index.js';
import { AUDIT_FINDING_KIND, audienceOf, audienceFilter, type Audience } from './audience.js';
import { HubError } from '../errors/index.js';
import { requireRole } from '../policy/index.js';
import { inTransaction } from '../db/index.js';
import { allowedHostsFor } from './allowed-hosts.js';
import { webhookSettings } from './settings.js';
import { checkTarget, TargetRefused, type HostLookup } from './target.js';

/** An organisation's endpoint for change events inside its jurisdiction. */
export interface WebhookSubscription {
  id: string;
  /** Region code of the subscribing organisation. */
  org: string;
  url: string;
  /** Kinds delivered; empty means every kind. */
  kinds: (ChangeKind | typeof AUDIT_FINDING_KIND)[];
  active: boolean;
  createdBy: string;
  createdAt: string;
}

export interface SubscribeInput {
  url: string;
  /** Kinds wanted; null, absent or empty means every kind. */
  kinds?: readonly string[] | null;
}

export interface SubscribeOptions {
  /**
   * Accept plain http to 127.0.0.1 / localhost / [::1] (a receiver on the developer's machine).
   * Default true; production should pass false.
   */
  allowLoopbackHttp?: boolean;
  /** How the host is resolved (default: the system resolver); tests inject one. */
  lookup?: HostLookup;
  /** Loopback receivers (WEBHOOK_ALLOW_LOOPBACK=on, development); default: the deployment's setting. */
  allowLoopback?: boolean;
}

/** More than this many active endpoints per organisation is a mistake, not a need. */
export const MAX_ACTIVE_SUBSCRIPTIONS = 20;
const MAX_URL_LENGTH = 2_048;
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

interface SubscriptionRow {
  id: string;
  org: string;
  url: string;
  kinds: (ChangeKind | typeof AUDIT_FINDING_KIND)[];
  active: boolean;
  created_by: string;
  created_at: Date;
}

function toSubscription(r: SubscriptionRow): WebhookSubscription {
  return { id: r.id, org: r.org, url: r.url, kinds: r.kinds, active: r.active, createdBy: r.created_by, createdAt: r.created_at.toISOString() };
}

function badUrl(message: string): HubError {
  return new HubError('BAD_USER_INPUT', `url: ${message}`, { field: 'url' });
}

/**
 * The endpoint as it will be called (normalised by the URL parser). Payloads carry personal data,
 * so only TLS endpoints are accepted, bar a loopback receiver during development.
 */
export function checkWebhookUrl(raw: string, allowLoopbackHttp = true): string {
  if (raw.length > MAX_URL_LENGTH) throw badUrl(`at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badUrl('not an absolute URL');
  }
  const loopback = LOOPBACK_HOSTS.includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && allowLoopbackHttp)) {
    throw badUrl(allowLoopbackHttp ? 'must be https (plain http only to 127.0.0.1 or localhost)' : 'must be https');
  }
  // Credentials in the URL would be stored, listed and logged with it.
  if (url.username !== '' || url.password !== '') throw badUrl('must not contain a user name or password');
  if (url.hash !== '') throw badUrl('must not contain a fragment');
  return url.href;
}

function checkKinds(kinds: readonly string[] | null | undefined): WebhookSubscription['kinds'] {
  // An audit office's subscription hears findings and nothing else (change events carry values auditors never see).
  if (audienceOf(kinds) === 'audit') {
    if (kinds!.some((k) => k !== AUDIT_FINDING_KIND)) throw new HubError('BAD_USER_INPUT', `kinds: ${AUDIT_FINDING_KIND} cannot be combined with change kinds`, { field: 'kinds' });
    return [AUDIT_FINDING_KIND];
  }
  const out: ChangeKind[] = [];
  for (const k of kinds ?? []) {
    if (!isChangeKind(k)) throw new HubError('BAD_USER_INPUT', `kinds: unknown change kind ${JSON.stringify(k)}; known: ${CHANGE_KINDS.join(', ')}`, { field: 'kinds' });
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

const isUniqueViolation = (err: unknown): boolean => (err as { code?: string } | null)?.code === '23505';

/**
 * Refuses a URL whose host resolves to an internal address the organisation has not allowed
 * (target.ts); the message says which kind of address, never the address.
 */
async function checkReachable(db: Knex, org: string, url: string, options: SubscribeOptions): Promise<void> {
  try {
    await checkTarget(new URL(url), { allowed: await allowedHostsFor(db, org), lookup: options.lookup, allowLoopback: options.allowLoopback });
  } catch (err) {
    if (err instanceof TargetRefused) throw badUrl(err.reason);
    throw err;
  }
}

/**
 * Subscribes the caller's organisation to change events inside its jurisdiction. Deliveries carry
 * the before and after values of attributes, so only roles that may read reports may subscribe.
 */
export async function subscribe(db: Knex, caller: Caller, input: SubscribeInput, options: SubscribeOptions = {}): Promise<WebhookSubscription> {
  requireRole(caller, audienceOf(input.kinds) === 'audit' ? 'readAudit' : 'readReport');
  const url = checkWebhookUrl(input.url, options.allowLoopbackHttp ?? !webhookSettings().production);
  const kinds = checkKinds(input.kinds);
  await checkReachable(db, caller.org, url, options);
  try {
    return await inTransaction(db, async (trx) => {
      const counted = await trx('webhook_subscriptions').where({ org: caller.org, active: true }).count({ n: '*' }).first();
      if (Number(counted?.n ?? 0) >= MAX_ACTIVE_SUBSCRIPTIONS) {
        throw new HubError('BAD_USER_INPUT', `at most ${MAX_ACTIVE_SUBSCRIPTIONS} active webhook subscriptions per organisation; unsubscribe one first`, { field: 'url' });
      }
      const [row]: SubscriptionRow[] = await trx('webhook_subscriptions').insert({ org: caller.org, url, kinds, created_by: caller.sub }).returning('*');
      const subscription = toSubscription(row!);
      await appendAuditEvents(trx, [{ action: 'webhook.subscribe', outcome: 'ALLOWED', actor: caller, details: { subscription: subscription.id, url, kinds } }]);
      return subscription;
    });
  } catch (err) {
    // webhook_subscriptions_active_url: one active subscription per (organisation, URL).
    if (isUniqueViolation(err)) throw badUrl('this organisation already has an active subscription for this URL');
    throw err;
  }
}

/**
 * Deactivates one of the caller's organisation's subscriptions. Its pending deliveries are not
 * sent: the worker marks them DEAD when it reaches them. False when it was already inactive. An
 * audit office's subscription to findings (`audience` audit) and a change subscription are kept apart.
 */
export async function unsubscribe(db: Knex, caller: Caller, id: string, audience: Audience = 'changes'): Promise<boolean> {
  requireRole(caller, audience === 'audit' ? 'readAudit' : 'readReport');
  // Another organisation's subscription reads as absent: its existence is not the caller's business.
  const absent = new HubError('BAD_USER_INPUT', 'id: no webhook subscription of your organisation has this id', { field: 'id' });
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw absent;
  return inTransaction(db, async (trx) => {
    const row: SubscriptionRow | undefined = await trx('webhook_subscriptions').where({ id, org: caller.org }).where(audienceFilter(audience)).forUpdate().first();
    if (!row) throw absent;
    if (!row.active) return false;
    await trx('webhook_subscriptions').where({ id }).update({ active: false });
    await appendAuditEvents(trx, [{ action: 'webhook.unsubscribe', outcome: 'ALLOWED', actor: caller, details: { subscription: id, url: row.url } }]);
    return true;
  });
}

/** The organisation's subscriptions to changes, or to audit findings (`audience`), newest first (active ones only unless asked). */
export async function listSubscriptions(db: Knex, org: string, options: { includeInactive?: boolean; audience?: Audience } = {}): Promise<WebhookSubscription[]> {
  const q = db('webhook_subscriptions').where({ org }).where(audienceFilter(options.audience ?? 'changes'));
  if (!options.includeInactive) q.where({ active: true });
  const rows: SubscriptionRow[] = await q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
  return rows.map(toSubscription);
}
