import type { Knex } from 'knex';

/**
 * How long security events are kept: the Cybersecurity Law of the PRC, Art. 21(3), asks network
 * operators to "留存相关的网络日志不少于六个月" (keep the relevant network logs for no less than six
 * months); 190 days is six months however the months fall, with a week to spare.
 */
export const SECURITY_LOG_RETENTION_DAYS = 190;

/** Rows deleted per statement: a long purge never holds many row locks at once. */
const PURGE_BATCH = 5_000;

/**
 * Deletes security events whose last repeat is older than `before`, a batch at a time; returns how
 * many. Rows are kept as long as repeats keep coming (`last_at`), so an ongoing flood keeps its row.
 */
export async function purgeSecurityEvents(db: Knex, before: Date): Promise<number> {
  let purged = 0;
  for (;;) {
    const deleted = await db('security_events')
      .whereIn('id', (q) => q.select('id').from('security_events').where('last_at', '<', before).limit(PURGE_BATCH))
      .delete();
    purged += deleted;
    if (deleted < PURGE_BATCH) return purged;
  }
}
