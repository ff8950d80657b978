import { startFindingsTimer } from '../audit-findings/index.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logging/index.js';
import { enqueueFindingDeliveries } from '../webhooks/index.js';

/**
 * The anomaly rules over the audit log every AUDIT_FINDINGS_INTERVAL_S (docs/AUDIT.md, Anomaly
 * findings), one run at a time across processes (the cursor row's lock), new findings pushed to the
 * audit offices' webhooks through `webhooks`. Returns the stop: the timer cleared, a run in progress finished.
 */
export function startAuditFindings(config: Config, db: Db, logger: Logger, webhooks: { enqueue(deliveryIds: readonly string[]): Promise<void> }): () => Promise<void> {
  const timer = startFindingsTimer(db, logger, config.auditFindings.intervalMs, { deliveries: enqueueFindingDeliveries, enqueue: (ids) => webhooks.enqueue(ids) });
  logger.info({ intervalS: config.auditFindings.intervalMs / 1000 }, 'audit findings');
  return () => timer.stop();
}
