import type { Knex } from 'knex';
import { appendAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { jurisdictionPattern, requireJurisdiction, requireRole } from '../policy/index.js';
import { webhookSettings } from './settings.js';
import { normaliseAllowedHost, withinBlocks } from './target.js';

/** An internal host an organisation's webhooks may reach (docs/CHANGES.md, Webhook targets). */
export interface WebhookAllowedHost {
  id: string;
  /** The organisation; the entry also covers organisations inside its jurisdiction. */
  org: string;
  pattern: string;
  createdBy: string;
  createdAt: string;
}

interface Row {
  id: string;
  org: string;
  pattern: string;
  created_by: string;
  created_at: Date;
}

const toHost = (r: Row): WebhookAllowedHost => ({ id: r.id, org: r.org, pattern: r.pattern, createdBy: r.created_by, createdAt: r.created_at.toISOString() });

/** Entries per organisation: an allow-list is a few named exceptions, not a network map. */
export const MAX_ALLOWED_HOSTS = 50;

/** Whether `org` lies inside the jurisdiction of `entryOrg` (a province's entry covers its counties). */
function covers(entryOrg: string, org: string): boolean {
  // jurisdictionPattern is the LIKE pattern `<prefix>%`: the prefix is what org must start with.
  return org.startsWith(jurisdictionPattern(entryOrg).slice(0, -1));
}

/** The allow-list entries that apply to `org`: its own and those of organisations containing it. */
export async function allowedHostsFor(db: Knex, org: string): Promise<string[]> {
  // The table is small (a few entries per organisation): filtered here, where the region rule is.
  const rows: Pick<Row, 'org' | 'pattern'>[] = await db('webhook_allowed_hosts').where('org', 'like', `${org.slice(0, 2)}%`).select('org', 'pattern');
  return rows.filter((r) => covers(r.org, org)).map((r) => r.pattern);
}

/**
 * Who may add an entry: a platform administrator (role `platform-admin` besides `admin`), any
 * entry; an organisation's admin only an IP or CIDR block inside one of the operator's
 * WEBHOOK_PERMITTABLE_CIDRS (none by default). An entry opens the hub's own network to the
 * organisation's URLs: that is the platform's decision, not a county's.
 */
function requireMayAllow(caller: Caller, pattern: string): void {
  if (caller.roles.includes('platform-admin')) return;
  const blocks = webhookSettings().permittableCidrs;
  if (withinBlocks(pattern, blocks)) return;
  const where = blocks.length > 0 ? `; an admin may allow only addresses inside ${blocks.join(', ')} (WEBHOOK_PERMITTABLE_CIDRS)` : '';
  throw new HubError('FORBIDDEN', `allowing a webhook host needs the role platform-admin${where}`, { field: 'pattern' });
}

/**
 * Allows an internal host (name, *.domain, IP or CIDR) for an organisation inside the admin's
 * jurisdiction (requireMayAllow: platform-admin, or the operator's permittable blocks); audited.
 * Idempotent: the same entry again returns the existing one.
 */
export async function allowWebhookHost(db: Knex, caller: Caller, input: { org?: string | null; pattern: string }): Promise<WebhookAllowedHost> {
  requireRole(caller, 'manageWebhookTargets');
  const org = input.org ?? caller.org;
  requireJurisdiction(caller, org, 'org');
  let pattern: string;
  try {
    pattern = normaliseAllowedHost(input.pattern);
  } catch (err) {
    throw new HubError('BAD_USER_INPUT', `pattern: ${(err as Error).message}`, { field: 'pattern' });
  }
  requireMayAllow(caller, pattern);
  return inTransaction(db, async (trx) => {
    const existing: Row | undefined = await trx('webhook_allowed_hosts').where({ org, pattern }).first();
    if (existing) return toHost(existing);
    const counted = await trx('webhook_allowed_hosts').where({ org }).count({ n: '*' }).first();
    if (Number(counted?.n ?? 0) >= MAX_ALLOWED_HOSTS) throw new HubError('BAD_USER_INPUT', `pattern: at most ${MAX_ALLOWED_HOSTS} allowed hosts per organisation`, { field: 'pattern' });
    const [row]: Row[] = await trx('webhook_allowed_hosts').insert({ org, pattern, created_by: caller.sub }).onConflict(['org', 'pattern']).ignore().returning('*');
    const saved = row ?? ((await trx('webhook_allowed_hosts').where({ org, pattern }).first()) as Row);
    await appendAuditEvents(trx, [{ action: 'webhook.allow-host', outcome: 'ALLOWED', actor: caller, regionCode: org, details: { entry: saved.id, org, pattern } }]);
    return toHost(saved);
  });
}

/** Removes an entry of an organisation inside the admin's jurisdiction; audited. False if already gone. */
export async function disallowWebhookHost(db: Knex, caller: Caller, id: string): Promise<boolean> {
  requireRole(caller, 'manageWebhookTargets');
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new HubError('BAD_USER_INPUT', 'id: not an allowed-host id', { field: 'id' });
  return inTransaction(db, async (trx) => {
    const row: Row | undefined = await trx('webhook_allowed_hosts').where({ id }).forUpdate().first();
    if (!row) return false;
    requireJurisdiction(caller, row.org, 'id');
    await trx('webhook_allowed_hosts').where({ id }).delete();
    await appendAuditEvents(trx, [{ action: 'webhook.disallow-host', outcome: 'ALLOWED', actor: caller, regionCode: row.org, details: { entry: id, org: row.org, pattern: row.pattern } }]);
    return true;
  });
}

/** The entries of organisations inside the admin's jurisdiction. */
export async function listAllowedHosts(db: Knex, caller: Caller): Promise<WebhookAllowedHost[]> {
  requireRole(caller, 'manageWebhookTargets');
  const rows: Row[] = await db('webhook_allowed_hosts').where('org', 'like', jurisdictionPattern(caller.org)).orderBy([{ column: 'org' }, { column: 'pattern' }]);
  return rows.map(toHost);
}
