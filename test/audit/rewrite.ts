import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/index.js';
import { canonicalJson } from '../../src/canonical/index.js';

/**
 * What an attacker with the owner's rights and the documented formula does: edits an event and
 * recomputes every later hash of its chain, so the chain alone still verifies.
 */
export async function rewriteChainFrom(db: Db, seq: number, chain: number): Promise<void> {
  await db.raw('ALTER TABLE audit_events DISABLE TRIGGER USER');
  try {
    const rows = await db('audit_events').where({ chain }).where('seq', '>=', seq).orderBy('seq');
    let prev: string = rows[0].prev_hash;
    for (const [i, r] of rows.entries()) {
      const actor = i === 0 ? 'someone-else' : r.actor_sub;
      const ordered = [new Date(r.occurred_at).toISOString(), r.action, r.outcome, actor, r.actor_org, r.actor_roles, r.purpose, r.application_ref, r.region_code, r.request_id, r.report_id, r.consent_ids, r.subject_ids, r.attribute_codes, r.report_sha256, r.error_code, r.details];
      const digest = createHash('sha256').update(canonicalJson(ordered)).digest('hex');
      const hash = createHash('sha256').update(prev).update(digest).digest('hex');
      await db('audit_events').where({ seq: r.seq }).update({ actor_sub: actor, prev_hash: prev, hash });
      prev = hash;
    }
  } finally {
    await db.raw('ALTER TABLE audit_events ENABLE TRIGGER USER');
  }
}
