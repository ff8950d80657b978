import { dirname } from 'node:path';
import { Redis } from 'ioredis';
import { AgencyPools, createConnectors, createSharedLimits } from '../../connectors/index.js';
import { startSandbox, type Sandbox } from '../../connectors/sandbox/index.js';
import { createTokenVerifier, DEV_ISSUER, ensureDevKeys } from '../auth/index.js';
import { markItemDone, markItemRefused } from '../batches/index.js';
import { catalog, type Catalog } from '../catalog/index.js';
import { openReportKeyRing, type ReportKeyRing } from '../signing/index.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { configureAuditChains } from '../audit/index.js';
import { configureOpenedReports } from '../reports/index.js';
import { openDatabase } from './database.js';
import { openDataKeys, resolveKek, useDataKeys } from '../data-protection/index.js';
import { sealLegacyRows } from './legacy-rows.js';
import { startAuditCheckpoints } from './audit-checkpoints.js';
import { startAuditFindings } from './audit-findings.js';
import type { Logger } from '../logging/index.js';
import { startHubServer, type HubServer } from '../server/index.js';
import { createQuotas } from '../quotas/index.js';
import { resolveMetricsToken, serveMetrics, watchHub } from '../metrics/index.js';
import { loadTrustedOperations, recordingOperations, type TrustedOperations } from '../trusted-operations/index.js';
import { createSessionStore } from '../sign-in/index.js';
import { createVerificationService, type VerificationService } from '../verification/index.js';
import { configureWebhooks } from '../webhooks/index.js';
import { checkRedis } from './redis-check.js';
import { logWhereToGo } from './where-to-go.js';
import { createBatchQueue, createPendingQueue, createWebhookQueue, startBatchWorker, startWebhookWorker, type BatchQueue, type PendingSourcesQueue, type WebhookQueue } from '../../jobs/index.js';

export interface RunningHub {
  db: Db;
  server: HubServer;
  sandbox: Sandbox | null;
  verification: VerificationService;
  batchQueue: BatchQueue;
  stop(): Promise<void>;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

async function listenError<T>(what: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new StartupError(`${what}: port not available (${code})`);
    throw err;
  }
}

/**
 * Everything `npm start` runs, in order: database (created if missing, migrated, reference data
 * synced), Redis check, sandbox agencies (unless SANDBOX=off), connectors, GraphQL server. Each
 * step fails with the configuration variable it depends on named; nothing starts half-configured.
 */
/** A worker process: the batch worker and what it needs, no HTTP server, no sandbox. */
export type RunningWorker = Omit<RunningHub, 'server' | 'sandbox'> & {
  /** GET /metrics of this worker (WORKER_METRICS_PORT), or null. */
  metricsUrl: string | null;
};

export async function startHub(config: Config, logger: Logger): Promise<RunningHub> {
  const { server, ...rest } = await start(config, logger, 'hub');
  // start() serves HTTP for the hub role: a null server is a programming error.
  if (!server) throw new StartupError('the hub started without its HTTP server');
  return { ...rest, server };
}

/** `npm run worker`: batch workers only, scaled out over one Redis and one PostgreSQL. */
export async function startWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  const { db, verification, batchQueue, stop, metricsUrl } = await start(config, logger, 'worker');
  return { db, verification, batchQueue, stop, metricsUrl };
}

/** What to stop, in the order things started: stopped in reverse. */
type Stops = [string, () => Promise<void>][];

async function start(config: Config, logger: Logger, role: 'hub' | 'worker'): Promise<Omit<RunningHub, 'server'> & { server: HubServer | null; metricsUrl: string | null }> {
  const cat = catalog();
  configureWebhooks({ production: config.profile === 'production', ...config.webhooks });
  logProfile(config, logger, role);
  configureAuditChains(config.audit.chains);
  configureOpenedReports(config.reportCache.entries, config.reportCache.seconds);
  const { db, catalogVersion: version } = await openDatabase(config, cat, logger);
  const stops: Stops = [['database pool', () => db.destroy()]];
  // Stopped in reverse order of start; each step logged, so a shutdown that hangs says where.
  const stop = async () => {
    for (const [what, s] of stops.reverse()) {
      await s();
      logger.debug({ stopped: what }, 'stopped');
    }
  };
  try {
    await openPersonalData(config, db, logger);
    await checkRedis(config.redisUrl);
    // A worker process uses the hub's agencies (its sandbox, or SOURCE_BASE_URL); it starts none itself.
    const sandbox = config.sandbox.enabled && role === 'hub' ? await startAgencies(config, cat, logger, stops) : null;
    if (!sandbox) logger.warn('SANDBOX=off: connectors call the agencies at SOURCE_BASE_URL');
    const pools = new AgencyPools();
    stops.push(['agency connection pools', () => pools.close()]);
    // loadConfig already requires SOURCE_BASE_URL when SANDBOX=off; this guards other callers.
    const baseUrl = config.sources.baseUrl ?? sandbox?.url ?? (role === 'worker' ? `http://${config.host}:${config.sandbox.port}` : undefined);
    if (baseUrl === undefined) throw new StartupError('SOURCE_BASE_URL must be set when SANDBOX=off');
    const limitsRedis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
    stops.push(['shared source limits', async () => void limitsRedis.disconnect()]);
    const shared = createSharedLimits({ redis: limitsRedis, prefix: config.batches.queuePrefix, callsPerSecond: config.sources.ratePerSecond, inFlight: config.sources.sharedConcurrency });
    const connectors = createConnectors(cat, { baseUrl, urls: config.sources.urls, pools, resilience: config.sources, shared });
    // The development issuer's key pair is made on first start, where its JWKS file is expected.
    const dev = config.auth.issuers.find((i) => i.issuer === DEV_ISSUER);
    if (dev && 'file' in dev.jwks) await ensureDevKeys(dirname(dev.jwks.file));
    const verifier = createTokenVerifier(config.auth);
    const reportKeys = await openReportKeyRing(config.reportKeysDir);
    if (role === 'hub') stops.push(['audit checkpoints (a last one signed)', startAuditCheckpoints(config, db, reportKeys, logger)]);
    const pendingQueue = createPendingQueue({ redisUrl: config.redisUrl, prefix: config.batches.queuePrefix });
    const webhookQueue = createWebhookQueue({ redisUrl: config.redisUrl, prefix: config.batches.queuePrefix });
    stops.push(['webhook queue', () => webhookQueue.close()]);
    if (role === 'hub') stops.push(['audit findings (a run in progress finished)', startAuditFindings(config, db, logger, webhookQueue)]);
    stops.push(['pending-source queue', () => pendingQueue.close()]);
    const verification = createVerificationService({
      db,
      catalog: cat,
      catalogVersion: version,
      connectors,
      logger,
      requestDeadlineMs: config.requestDeadlineMs,
      batchDeadlineMs: config.batches.deadlineMs,
      pendingTimeoutMs: config.pendingTimeoutMs,
      signer: reportKeys,
      pendingQueue,
      batchItems: { done: markItemDone, refused: markItemRefused },
      webhooks: webhookQueue,
      incomeChangeShare: config.batches.incomeChangeShare,
    });
    stops.push(['pending source collection', () => verification.close()]);
    // Single verifications' pending groups are polled by the hub; a worker process resuming them too would poll them twice.
    const resumed = role === 'hub' ? await verification.resumePending() : 0;
    if (resumed > 0) logger.info({ reports: resumed }, 'collecting the pending sources of stored reports');
    const batchQueue = createBatchQueue({ redisUrl: config.redisUrl, prefix: config.batches.queuePrefix });
    stops.push(['batch queue', () => batchQueue.close()]);
    if (config.batches.inlineWorker || role === 'worker') startWorkers({ config, logger, db, verification, batchQueue, pendingQueue, webhookQueue, reportKeys }, stops);
    if (role === 'worker') {
      const metricsUrl = await workerMetrics(config, logger, { db, queues: [batchQueue.queue, pendingQueue.queue, webhookQueue.queue], connectors }, stops);
      logger.info({ queuePrefix: config.batches.queuePrefix, concurrency: config.batches.concurrency }, 'batch worker ready');
      return { db, server: null, sandbox: null, verification, batchQueue, stop, metricsUrl };
    }
    const readiness = {
      postgresql: async () => (await db.raw('SELECT 1'), true),
      redis: async () => (await checkRedis(config.redisUrl, 2_000), true),
      // One check per source: the body says which agency does not answer.
      ...Object.fromEntries(connectors.all().map((c) => [`source:${c.source.id}`, () => c.checkHealth({ deadline: Date.now() + 2_000 })])),
    };
    // Quota keys share the deployment's prefix (one per test hub), on the shared limits' connection.
    const quotas = createQuotas({ redis: limitsRedis, prefix: config.batches.queuePrefix, limits: config.quotas, db, logger });
    logger.info({ quotas: config.quotas, batchMaxBytes: config.batches.maxBytes, reviewMinIntervalMs: config.batches.reviewMinIntervalMs }, 'quotas');
    // Console sessions in Redis, beside the quotas (same connection and prefix); none when sign-in is off.
    const signIn = config.signIn.provider.kind === 'off' ? undefined : { options: config.signIn, sessions: createSessionStore(limitsRedis, config.batches.queuePrefix, config.signIn.sessions) };
    if (!signIn) logger.warn('console sign-in off: HUB_ENV=production without OIDC_ISSUER (bearer tokens only; docs/CONSOLE.md)');
    const metricsToken = await resolveMetricsToken(config.metrics);
    if (!metricsToken) logger.warn('METRICS_TOKEN unset: /metrics is off (docs/OPERATIONS.md)');
    const server = await listenError(`PORT=${config.port}`, () =>
      startHubServer({ host: config.host, port: config.port, profile: config.profile, logger, catalog: cat, connectors, db, verification, verifier, readiness, reportKeys, batches: { queue: batchQueue, chunkSize: config.batches.chunkSize, maxBytes: config.batches.maxBytes, reviewMinIntervalMs: config.batches.reviewMinIntervalMs }, quotas, dashboardQueues: [batchQueue.queue, pendingQueue.queue, webhookQueue.queue], consentDocumentMaxBytes: config.consentDocumentMaxBytes, consentDocumentLimits: config.consentDocuments, trustedOperations: trustedOperations(config, logger), metricsToken, ...(signIn ? { signIn } : {}) }),
    );
    stops.push(['GraphQL server', () => server.close()]);
    logger.info({ url: server.url }, 'verification hub ready');
    logWhereToGo(logger, { graphql: server.url, profile: config.profile, metricsToken });
    return { db, server, sandbox, verification, batchQueue, stop, metricsUrl: null };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A worker's GET /metrics on WORKER_METRICS_PORT (its job durations, queues and sources); null when unset. */
async function workerMetrics(config: Config, logger: Logger, probes: Parameters<typeof watchHub>[0], stops: Stops): Promise<string | null> {
  if (config.metrics.workerPort === null) return null;
  const token = await resolveMetricsToken(config.metrics);
  const server = await listenError(`WORKER_METRICS_PORT=${config.metrics.workerPort}`, () => serveMetrics(config.host, config.metrics.workerPort!, token));
  const unwatch = watchHub(probes);
  stops.push([
    'worker metrics',
    async () => {
      unwatch();
      await server.close();
    },
  ]);
  logger.info({ url: server.url }, token ? 'metrics (Prometheus, with the scrape token)' : 'METRICS_TOKEN unset: the worker\'s /metrics is off');
  return server.url;
}

/**
 * Personal data at rest: the key-encryption key read (a missing or wrong one stops the start, naming
 * its variable, before anything is written), the data keys unwrapped, and rows stored before
 * encryption at rest sealed in place (docs/AUDIT.md).
 */
async function openPersonalData(config: Config, db: Db, logger: Logger): Promise<void> {
  const kek = await resolveKek(config.dataKek);
  const ring = await openDataKeys(db, kek);
  useDataKeys(db, ring);
  const sealed = await sealLegacyRows(db);
  logger.info({ kek: kek.from.replace(/=.*/, ''), dataKey: ring.active.id, sealedLegacyRows: sealed }, 'personal data encrypted at rest (AES-256-GCM)');
}

/**
 * TRUSTED_OPERATIONS=on: the manifests read once, at start (a bad one stops the start naming its
 * file); off is said in the log, as every safeguard switched off is.
 */
function trustedOperations(config: Config, logger: Logger): TrustedOperations | null {
  if (!config.trustedOperations.enabled) {
    const level = config.profile === 'production' ? 'warn' : 'info';
    logger[level]('TRUSTED_OPERATIONS=off: assistance systems may send any operation (docs/FEDERATION.md)');
    return null;
  }
  const registered = loadTrustedOperations(config.trustedOperations.manifests);
  const recordTo = config.trustedOperations.recordTo;
  if (recordTo !== null) {
    logger.warn({ registered: registered.size, recordTo }, 'TRUSTED_OPERATIONS=record: every assistance-system operation is admitted; those not registered are written to TRUSTED_OPERATIONS_RECORD');
    return recordingOperations(registered, recordTo);
  }
  const operations = registered;
  if (operations.size === 0) logger.warn({ manifests: config.trustedOperations.manifests }, 'TRUSTED_OPERATIONS=on with no registered operation: every assistance-system request is refused (TRUSTED_OPERATIONS_MANIFESTS)');
  else logger.info({ operations: operations.size, manifests: operations.manifests }, 'TRUSTED_OPERATIONS=on: assistance systems run only their registered operations');
  return operations;
}

/** The start-up log states the profile and what it turned on (docs/SECURITY.md). */
function logProfile(config: Config, logger: Logger, role: 'hub' | 'worker'): void {
  const production = config.profile === 'production';
  const safeguards = production
    ? ['development issuer refused', 'sandbox off', 'https-only webhooks', 'every GraphQL request authenticated (introspection and _service included)', 'security headers', 'trusted operations for assistance systems']
    : ['every GraphQL request authenticated (introspection and _service included)', 'security headers'];
  logger.info({ profile: config.profile, role, safeguards }, `HUB_ENV=${config.profile}: ${safeguards.join('; ')}`);
  if (config.webhooks.allowLoopback) logger.warn('WEBHOOK_ALLOW_LOOPBACK=on: webhooks may be delivered to receivers on the loopback (127.0.0.0/8, ::1); development only, refused when HUB_ENV=production');
  if (config.webhooks.permittableCidrs.length > 0) logger.info({ permittableCidrs: config.webhooks.permittableCidrs }, `WEBHOOK_PERMITTABLE_CIDRS: organisation admins may allow webhook hosts inside ${config.webhooks.permittableCidrs.join(', ')}`);
  if (!production) logger.warn(`HUB_ENV=development: the development issuer, the sandbox and plain-http webhook URLs to the loopback are allowed (delivered only with WEBHOOK_ALLOW_LOOPBACK=on, now ${config.webhooks.allowLoopback ? 'on' : 'off'}); set HUB_ENV=production for a deployment`);
}

async function startAgencies(config: Config, cat: Catalog, logger: Logger, stops: Stops): Promise<Sandbox> {
  const s = config.sandbox;
  const sandbox = await listenError(`SANDBOX_PORT=${s.port}`, () =>
    startSandbox({
      host: config.host,
      port: s.port,
      seed: s.seed,
      households: s.households,
      catalog: cat,
      ...(s.fixtures === null ? {} : { fixtures: s.fixtures }),
      behaviour: { latencyMs: s.latencyMs, failureRate: s.failureRate, rateLimitPerSecond: s.rateLimitPerSecond, asyncDelayMs: s.bankDelayMs },
    }),
  );
  stops.push(['sandbox agencies', () => sandbox.close()]);
  logger.info({ url: sandbox.url, households: sandbox.population.households.length, persons: sandbox.population.personCount }, 'sandbox agencies ready');
  return sandbox;
}

interface WorkerNeeds {
  config: Config;
  logger: Logger;
  db: Db;
  verification: VerificationService;
  batchQueue: BatchQueue;
  pendingQueue: PendingSourcesQueue;
  webhookQueue: WebhookQueue;
  reportKeys: ReportKeyRing;
}

/** The batch and webhook workers, inline in a hub (unless WORKER=off) or alone in a worker process. */
function startWorkers({ config, logger, db, verification, batchQueue, pendingQueue, webhookQueue, reportKeys }: WorkerNeeds, stops: Stops): void {
  const worker = startBatchWorker({
    redisUrl: config.redisUrl,
    prefix: config.batches.queuePrefix,
    db,
    verification,
    queue: batchQueue,
    logger,
    concurrency: config.batches.concurrency,
    lockDurationMs: config.batches.lockDurationMs,
    reconcileIntervalMs: config.batches.reconcileIntervalMs,
    pending: pendingQueue,
    chunkSize: config.batches.chunkSize,
  });
  stops.push(['batch worker (finishes the chunks in hand)', () => worker.close()]);
  const webhooks = startWebhookWorker({
    redisUrl: config.redisUrl,
    prefix: config.batches.queuePrefix,
    db,
    signer: reportKeys,
    logger,
    attempts: config.batches.webhookAttempts,
    backoffMs: config.batches.webhookBackoffMs,
    reconcile: { queue: webhookQueue, intervalMs: config.batches.reconcileIntervalMs },
  });
  stops.push(['webhook worker', () => webhooks.close()]);
}
