import { createCheckpoint, exportCheckpoint } from '../audit/index.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logging/index.js';
import type { ReportKeyRing } from '../signing/index.js';

/** Signs a checkpoint of the chain heads (when anything was appended) and exports it to the file. */
async function checkpointNow(db: Db, keys: ReportKeyRing, file: string, logger: Logger): Promise<void> {
  try {
    const checkpoint = await createCheckpoint(db, keys);
    if (!checkpoint) return;
    await exportCheckpoint(file, checkpoint);
    logger.debug({ checkpoint: checkpoint.number, file }, 'audit checkpoint signed');
  } catch (err) {
    // The next interval tries again; an unanchored stretch only widens what a checkpoint covers.
    logger.error({ err: (err as Error).message }, 'audit checkpoint failed');
  }
}

/**
 * Checkpoints at AUDIT_CHECKPOINT_INTERVAL_S and one at shutdown, so a deleted tail of the log is
 * at most one interval long (docs/AUDIT.md). Returns the stop: the timer cleared, the last checkpoint made.
 */
export function startAuditCheckpoints(config: Config, db: Db, keys: ReportKeyRing, logger: Logger): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(() => checkpointNow(db, keys, config.audit.checkpointFile, logger));
  };
  const timer = setInterval(tick, config.audit.checkpointIntervalMs);
  timer.unref();
  logger.info({ intervalS: config.audit.checkpointIntervalMs / 1000, file: config.audit.checkpointFile, chains: config.audit.chains }, 'audit checkpoints');
  return async () => {
    clearInterval(timer);
    tick();
    await running;
  };
}
