import type { Knex } from 'knex';
import type { ConnectorSet } from '../../connectors/index.js';
import type { Catalog } from '../catalog/index.js';
import type { Logger } from '../logging/index.js';
import type { InProcessScheduler, PendingScheduler } from '../pending/index.js';
import type { SignedReport } from '../reports/index.js';

/** A stored version of a report as the service returns it: body, stored hash, signature. */
export type StoredReport = SignedReport;

/** What the service needs of the hub's report key ring. */
export interface ReportSigner {
  /** The compact JWS over the canonical JSON of `body`, and the SHA-256 (hex) of those bytes. */
  sign(body: unknown): Promise<{ readonly jws: string; detachedJws: string; kid: string; payloadSha256: string; payload: Buffer }>;
}

/** A household of a batch: the batch and its line (sequence) number. */
export interface BatchItemKey {
  batchId: string;
  seq: number;
}

/**
 * How a batch item's outcome is recorded, inside the transaction that stores the household's
 * report or refusal (src/batches owns the table; the service only knows the key).
 */
export interface BatchItemRecorder {
  done(trx: Knex.Transaction, key: BatchItemKey, reportId: string): Promise<void>;
  refused(trx: Knex.Transaction, key: BatchItemKey, code: string, message: string): Promise<void>;
}

/** Which attributes the client's selection needs: null means every attribute the purpose allows. */
export interface WantedFields {
  attributes: Set<string> | null;
  discrepancies: boolean;
  /** The assessment is wanted: every attribute the means test reads is fetched (what the purpose allows). */
  assessment: boolean;
  /** Codes the selection names that the catalogue does not know: refused (and audited) as input. */
  unknown: string[];
}

export interface VerificationOptions {
  db: Knex;
  catalog: Catalog;
  catalogVersion: number;
  connectors: ConnectorSet;
  logger: Logger;
  /** How long a verification waits for its sources before reporting the slow ones as TIMEOUT. */
  requestDeadlineMs: number;
  /**
   * The same for a batch chunk, whose calls queue behind every worker's for the sources' shared
   * rate limits: a limit must slow a batch, not time it out. Default: requestDeadlineMs.
   */
  batchDeadlineMs?: number;
  /** How long a pending asynchronous source (a bank) is waited for before it is TIMEOUT. */
  pendingTimeoutMs: number;
  onUpstreamCall?: (sourceId: string, persons: number) => void;
  /** Signs each stored version of a report (JWS over its canonical JSON). */
  signer: ReportSigner;
  /**
   * Where batch reports' pending tickets are scheduled (the BullMQ adapter, shared by every worker).
   * Without it, and always for single verifications, this process polls them itself.
   */
  pendingQueue?: PendingScheduler;
  /** Records batch items' outcomes; required to verify batch items. */
  batchItems?: BatchItemRecorder;
  /** Where webhook deliveries of change events go once their transaction has committed. */
  webhooks?: { enqueue(deliveryIds: readonly string[]): Promise<void> };
  /** Share of a member's income beyond which a re-check reports INCOME_CHANGE. Default 0.2. */
  incomeChangeShare?: number;
}

/** The batch item recorder, which a service that verifies batch items must have been given. */
export function batchItems(deps: VerificationOptions): BatchItemRecorder {
  if (!deps.batchItems) throw new Error('verification service: batch items need the batchItems recorder option');
  return deps.batchItems;
}

/** The service's options with what it builds once at start: every stage takes this. */
export interface VerificationDeps extends VerificationOptions {
  /** Attribute codes the comparison with the declaration reads. */
  compared: ReadonlySet<string>;
  /** Attribute codes the means test reads. */
  assessed: ReadonlySet<string>;
  /** Polls single verifications' pending sources in this process. */
  inProcess: InProcessScheduler;
}
