import type { JSONWebKeySet } from 'jose';
import type { Knex } from 'knex';
import { inTransaction } from '../db/index.js';
import { appendAuditEvents } from './audit-log.js';
import { readCheckpoint, type ChainHeads } from './checkpoints.js';

export interface AuditRetention {
  /** Events before the heads this checkpoint signed are deleted; the heads themselves stay and open their chains. */
  checkpoint: number;
  /** The checkpoint must be at least this old: the archive rule the operator applies, recorded with the purge. */
  keepDays: number;
  /** Who runs the purge, and why (the record and the event carry both). */
  actor: { sub: string; org: string };
  reason: string;
  jwks: JSONWebKeySet;
}

export class RetentionRefused extends Error {
  override name = 'RetentionRefused';
}

/**
 * The only way events leave the audit log (docs/AUDIT.md): in one transaction, a retention record
 * naming a signed checkpoint (the trigger lets a delete through only for events before that
 * record's heads, in the transaction that wrote it), the deletes, and an `audit.retention` event
 * on the chain itself. Run as the database owner: the hub's role may not write retention records.
 */
export async function purgeAuditEvents(db: Knex, r: AuditRetention): Promise<{ deleted: number; heads: ChainHeads }> {
  if (!(Number.isInteger(r.keepDays) && r.keepDays >= 1)) throw new RetentionRefused(`keep days: ${r.keepDays} is not a whole number of days of at least 1`);
  if (r.reason.trim().length < 5) throw new RetentionRefused('reason: say why (the archive rule applied), at least 5 characters');
  return inTransaction(db, async (trx) => {
    const row = await trx('audit_checkpoints').where({ number: r.checkpoint }).first();
    if (!row) throw new RetentionRefused(`checkpoint ${r.checkpoint}: no such checkpoint`);
    const read = await readCheckpoint(row.jws, r.jwks);
    if (!read.ok) throw new RetentionRefused(`checkpoint ${r.checkpoint} does not verify: ${read.reason}`);
    const ageDays = (Date.now() - Date.parse(read.payload.createdAt)) / 86_400_000;
    if (ageDays < r.keepDays) throw new RetentionRefused(`checkpoint ${r.checkpoint} is ${Math.floor(ageDays)} days old; events are kept ${r.keepDays} days`);
    const previous = await trx('audit_retention').max('checkpoint as n').first();
    if (previous?.n !== null && previous?.n !== undefined && Number(previous.n) >= r.checkpoint) throw new RetentionRefused(`checkpoint ${r.checkpoint}: the log was already purged through checkpoint ${previous.n}`);
    const heads = read.payload.heads;
    await trx.raw('INSERT INTO audit_retention (txid, checkpoint, heads, actor, reason) VALUES (txid_current(), ?, ?, ?, ?)', [r.checkpoint, JSON.stringify(heads), r.actor.sub, r.reason]);
    let deleted = 0;
    for (const [chain, head] of Object.entries(heads)) deleted += await trx('audit_events').where({ chain: Number(chain) }).where('seq', '<', head.seq).del();
    await appendAuditEvents(trx, [{ action: 'audit.retention', outcome: 'ALLOWED', actor: { ...r.actor, roles: ['operator'] }, details: { checkpoint: r.checkpoint, heads, keepDays: r.keepDays, reason: r.reason, deleted } }]);
    return { deleted, heads };
  });
}
