import { z } from 'zod';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { authOptionsFromEnv, DEV_ISSUER, devKeysDir, type AuthOptions } from './auth/index.js';
import { decodeKek, type KekSource } from './data-protection/index.js';
import { ConfigError } from './errors/index.js';
import type { MetricsTokenSource } from './metrics/index.js';
import { parsePermittableCidrs } from './webhooks/settings.js';
import { signInOptionsFromEnv, type SignInOptions } from './sign-in/index.js';

// 0 asks the OS for a free port (tests run several hubs side by side).
const port = z.coerce.number().int().min(0).max(65535);
const onOff = z.enum(['on', 'off']);

/**
 * Every environment variable the hub reads, with its default. The README's configuration table
 * lists the same variables; a value that does not parse stops the process with the variable named.
 */
const envSchema = z.object({
  // The deployment profile: production turns on every safeguard and refuses unsafe settings (docs/SECURITY.md).
  HUB_ENV: z.enum(['development', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/verification_hub'),
  // The role the hub's connections act as (SET ROLE): it may append to the audit log, never change it.
  DATABASE_ROLE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case role name').default('hub_app'),
  // Independent audit hash chains appends spread over, so writers do not queue on one lock (docs/AUDIT.md).
  AUDIT_CHAINS: z.coerce.number().int().min(1).max(1024).default(8),
  // Seconds between signed checkpoints of the chain heads (one is also made at shutdown).
  AUDIT_CHECKPOINT_INTERVAL_S: z.coerce.number().int().min(1).max(86_400).default(60),
  // Where checkpoints are exported (JSON lines), to be kept elsewhere; default beside REPORT_KEYS_DIR (.data).
  AUDIT_CHECKPOINT_FILE: z.string().trim().min(1).optional(),
  // Seconds between runs of the anomaly rules over the audit log (src/audit-findings; also run on demand).
  AUDIT_FINDINGS_INTERVAL_S: z.coerce.number().int().min(1).max(86_400).default(60),
  // Opened report versions kept in memory for reads that follow (src/reports/opened.ts; docs/AUDIT.md); 0: none.
  REPORT_CACHE_ENTRIES: z.coerce.number().int().min(0).max(10_000).default(64),
  REPORT_CACHE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // auto: readable lines (pino-pretty) when stdout is a terminal, JSON lines otherwise.
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  // GET /metrics needs this bearer token (or the one in METRICS_TOKEN_FILE); development makes one in .data/metrics-token, production without either has /metrics off.
  METRICS_TOKEN: z.string().trim().min(16, 'at least 16 characters').optional(),
  METRICS_TOKEN_FILE: z.string().trim().min(1).optional(),
  // npm run worker serves GET /metrics on this port (HOST); unset: no metrics from a worker process.
  WORKER_METRICS_PORT: port.optional(),
  // Default: on in development, off in production (where SANDBOX=on is refused).
  SANDBOX: onOff.optional(),
  SANDBOX_PORT: port.default(4010),
  SANDBOX_SEED: z.coerce.number().int().min(0).default(20181001),
  SANDBOX_HOUSEHOLDS: z.coerce.number().int().min(1).max(500_000).default(33_000),
  SANDBOX_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(30),
  SANDBOX_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  SANDBOX_RATE_LIMIT: z.coerce.number().int().min(1).default(200),
  SANDBOX_BANK_DELAY_MS: z.coerce.number().int().min(0).default(2_000),
  // A path; the sandbox reads and checks the file when it starts (docs/SANDBOX.md "Scenario fixtures").
  SANDBOX_FIXTURES: z.string().trim().min(1, 'a path to a fixtures JSON file').optional(),
  SOURCE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SOURCE_TIMEOUT_MS: z.coerce.number().int().min(10).max(120_000).default(5_000),
  SOURCE_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  SOURCE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  SOURCE_RATE_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(100),
  SOURCE_SHARED_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(32),
  BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(100).default(10_000),
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(100).max(120_000).default(8_000),
  PENDING_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(7 * 24 * 3600 * 1000).default(600_000),
  // The largest signed consent form POST /consents/documents accepts (a scan or a photo of it).
  CONSENT_DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1_024).max(50 * 1024 * 1024).default(5 * 1024 * 1024),
  // The smallest (a scan or photo of a signed form is never smaller), and per organisation in 24 hours.
  CONSENT_DOCUMENT_MIN_BYTES: z.coerce.number().int().min(1).max(1024 * 1024).default(1_024),
  CONSENT_DOCUMENT_DAILY_UPLOADS: z.coerce.number().int().min(1).max(10_000_000).default(2_000),
  CONSENT_DOCUMENT_DAILY_BYTES: z.coerce.number().int().min(1_024).max(1024 ** 4).default(2 * 1024 ** 3),
  // Development only (refused when HUB_ENV=production): webhooks to receivers on 127.0.0.0/8 and ::1.
  WEBHOOK_ALLOW_LOOPBACK: onOff.default('off'),
  // Comma-separated CIDR blocks inside which an organisation's admin may allow webhook hosts (otherwise platform-admin only).
  WEBHOOK_PERMITTABLE_CIDRS: z.string().default(''),
  REPORT_KEYS_DIR: z.string().min(1).default('.data/report-keys'),
  // The key-encryption key of personal data at rest (base64, 32 bytes), or a file holding it; checked by hand, since a message must never repeat it.
  DATA_KEK: z.string().optional(),
  DATA_KEK_FILE: z.string().trim().min(1).optional(),
  // Development only: where the key-encryption key is made on first start when neither is set.
  DATA_KEYS_DIR: z.string().trim().min(1).default('.data/data-keys'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and -').default('hub'),
  WORKER: onOff.default('on'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  BATCH_CHUNK_SIZE: z.coerce.number().int().min(1).max(1_000).default(50),
  BATCH_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  BATCH_DEADLINE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(300_000),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
  CHANGE_INCOME_SHARE: z.coerce.number().min(0).max(10).default(0.2),
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(2_000),
  // Quotas (src/quotas), shared by every hub process in Redis; generous so that no honest client meets them.
  QUOTA_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(100),
  QUOTA_ORG_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000).default(500),
  QUOTA_ORG_VERIFICATIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  QUOTA_ORG_CONCURRENT_VERIFICATIONS: z.coerce.number().int().min(1).max(10_000).default(32),
  QUOTA_ORG_BATCHES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  BATCH_MAX_BYTES: z.coerce.number().int().min(1_024).max(16 * 1024 ** 3).default(256 * 1024 ** 2),
  REVIEW_MIN_INTERVAL_S: z.coerce.number().int().min(1).max(31 * 24 * 3_600).default(3_600),
  // Assistance systems run only the operations they registered, by hash (src/trusted-operations). Default: on in production, off in development.
  // record (refused in production): admit everything and write each new operation to TRUSTED_OPERATIONS_RECORD, to register what a gateway sends.
  TRUSTED_OPERATIONS: z.enum(['on', 'off', 'record']).optional(),
  // Comma-separated manifest files or directories of *.json manifests (one per assistance system), read at start.
  TRUSTED_OPERATIONS_MANIFESTS: z.string().trim().min(1).default('trusted-operations'),
  TRUSTED_OPERATIONS_RECORD: z.string().trim().min(1).default('.data/trusted-operations.recorded.json'),
});

export type Env = z.infer<typeof envSchema>;

export type Profile = Env['HUB_ENV'];

export interface Config {
  /** `HUB_ENV`: production trusts no development issuer, runs no sandbox, calls only https webhooks. */
  profile: Profile;
  host: string;
  port: number;
  databaseUrl: string;
  databaseRole: string;
  audit: { chains: number; checkpointIntervalMs: number; checkpointFile: string };
  reportCache: { entries: number; seconds: number };
  /** How often the hub runs the anomaly rules over the new audit events. */
  auditFindings: { intervalMs: number };
  redisUrl: string;
  logLevel: Env['LOG_LEVEL'];
  logFormat: Env['LOG_FORMAT'];
  /** Where the /metrics scrape token comes from (src/metrics); the port a worker process serves it on (null: none). */
  metrics: MetricsTokenSource & { workerPort: number | null };
  sandbox: {
    enabled: boolean;
    port: number;
    seed: number;
    households: number;
    latencyMs: number;
    failureRate: number;
    rateLimitPerSecond: number;
    bankDelayMs: number;
    /** Scenario fixtures file served with the generated population (null: none). */
    fixtures: string | null;
  };
  sources: {
    /** Base URL of the agency exchange (null: the embedded sandbox); `SOURCE_URL_<ID>` overrides one source. */
    baseUrl: string | null;
    urls: Record<string, string>;
    timeoutMs: number;
    retries: number;
    concurrency: number;
    /** Across every hub and worker process (Redis): calls per second and in flight, per source. */
    ratePerSecond: number;
    sharedConcurrency: number;
    breakerThreshold: number;
    breakerHalfOpenMs: number;
  };
  /** How long a verification waits for its sources; how long a pending bank is waited for. */
  requestDeadlineMs: number;
  pendingTimeoutMs: number;
  /** Largest consent document accepted, in bytes. */
  consentDocumentMaxBytes: number;
  /** Smallest consent document, and the per-organisation uploads and bytes in 24 hours. */
  consentDocuments: { minBytes: number; dailyUploads: number; dailyBytes: number };
  /** Webhook targets: the development loopback switch and the blocks an organisation's admin may allow. */
  webhooks: { allowLoopback: boolean; permittableCidrs: string[] };
  /** Where the report signing key ring lives (private keys, active kid, public JWKS). */
  reportKeysDir: string;
  /** TRUSTED_OPERATIONS: whether assistance systems are held to their registered operations, and the manifests that register them. */
  trustedOperations: { enabled: boolean; manifests: string[]; recordTo: string | null };
  /** Where the key-encryption key of personal data at rest comes from (docs/AUDIT.md). */
  dataKek: KekSource;
  batches: {
    queuePrefix: string;
    /** Run a batch worker inside the hub process (`npm run worker` runs more elsewhere). */
    inlineWorker: boolean;
    concurrency: number;
    chunkSize: number;
    lockDurationMs: number;
    /** How long a chunk's sources are waited for, queueing for shared rate limits included. */
    deadlineMs: number;
    reconcileIntervalMs: number;
    /** Share of a member's income beyond which a re-check reports INCOME_CHANGE. */
    incomeChangeShare: number;
    webhookAttempts: number;
    webhookBackoffMs: number;
    /** Bytes one uploaded batch file may have (POST /batches); over it: 413, nothing queued. */
    maxBytes: number;
    /** Shortest time between two runs of a scheduled re-check. */
    reviewMinIntervalMs: number;
  };
  /** Per token and per organisation, across every hub process (Redis); a refusal is 429 with Retry-After. */
  quotas: {
    requestsPerSecond: number;
    orgRequestsPerSecond: number;
    orgVerificationsPerMinute: number;
    orgConcurrentVerifications: number;
    orgBatchesPerMinute: number;
  };
  auth: AuthOptions;
  /** Console sign-in (OIDC_*, CONSOLE_PUBLIC_URL, SESSION_*): src/sign-in, docs/CONSOLE.md. */
  signIn: SignInOptions;
}

export { ConfigError };

const SOURCE_URL_PREFIX = 'SOURCE_URL_';

/** A path with its symbolic links resolved (as far as it exists), so that a link into the dev key directory is seen. */
function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The keys of a JWKS file (empty when it cannot be read: the verifier reports that itself). */
function jwksKeys(file: string): Record<string, unknown>[] {
  try {
    const keys = (JSON.parse(readFileSync(file, 'utf8')) as { keys?: unknown }).keys;
    return Array.isArray(keys) ? keys.filter((k): k is Record<string, unknown> => typeof k === 'object' && k !== null) : [];
  } catch {
    return [];
  }
}

/** A public key's material (kid aside), to recognise the dev key under another kid. */
const material = (k: Record<string, unknown>) => JSON.stringify([k.kty, k.crv, k.x, k.y, k.n, k.e]);

/**
 * What HUB_ENV=production refuses: the development issuer (its private key sits in a directory on
 * the hub's disk: whoever reads it mints tokens), a JWKS file in the dev key directory (symbolic
 * links resolved) or holding a key of the development key pair (by kid or by key), a missing
 * AUTH_ISSUERS (a JWKS URL that is not https: src/auth/auth-config.ts), the sandbox (invented agencies whose answers the hub would
 * sign as reports) and the development loopback switch for webhooks.
 */
function productionProblems(env: NodeJS.ProcessEnv, auth: AuthOptions | undefined): string[] {
  const problems: string[] = [];
  const issuersVar = `AUTH_ISSUERS=${JSON.stringify(env.AUTH_ISSUERS ?? '')}`;
  if (env.AUTH_ISSUERS === undefined || env.AUTH_ISSUERS.trim() === '') problems.push('AUTH_ISSUERS: required when HUB_ENV=production (the identity providers to trust)');
  const devDirs = [...new Set([devKeysDir(env), path.resolve('.data/dev-keys')].flatMap((d) => [path.resolve(d), realPath(d)]))];
  const devKeys = devDirs.flatMap((d) => jwksKeys(path.join(d, 'jwks.json')));
  const devKids = new Set(devKeys.map((k) => k.kid).filter((k) => typeof k === 'string'));
  const devMaterial = new Set(devKeys.map(material));
  for (const i of auth?.issuers ?? []) {
    const file = 'file' in i.jwks ? i.jwks.file : null;
    const real = file === null ? null : realPath(file);
    const inDevDir = file !== null && [file, real!].some((f) => devDirs.some((d) => f === d || f.startsWith(d + path.sep)));
    const devKey = file !== null && jwksKeys(file).some((k) => (typeof k.kid === 'string' && devKids.has(k.kid)) || devMaterial.has(material(k)));
    if (i.issuer === DEV_ISSUER || inDevDir || devKey) {
      problems.push(`${issuersVar}: the development issuer (${DEV_ISSUER}, .data/dev-keys, or a JWKS holding its key) is not trusted when HUB_ENV=production`);
    }
  }
  if (env.SANDBOX === 'on') problems.push('SANDBOX="on": the sandbox agencies are refused when HUB_ENV=production (set SOURCE_BASE_URL)');
  if (env.TRUSTED_OPERATIONS === 'record') problems.push('TRUSTED_OPERATIONS="record": recording admits every operation; it is refused when HUB_ENV=production (record on a staging hub, then register the file)');
  if (env.WEBHOOK_ALLOW_LOOPBACK === 'on') problems.push('WEBHOOK_ALLOW_LOOPBACK="on": webhooks to the loopback are a development switch, refused when HUB_ENV=production');
  return problems;
}

/**
 * The key-encryption key's variables: one of DATA_KEK and DATA_KEK_FILE, the value well-formed (never
 * echoed: it is a secret); HUB_ENV=production requires one, so that a lost key stops the hub rather
 * than make a new one under which nothing stored before could be read.
 */
function kekProblems(env: NodeJS.ProcessEnv): string[] {
  const value = env.DATA_KEK;
  const file = env.DATA_KEK_FILE?.trim();
  if (value !== undefined && file) return ['DATA_KEK and DATA_KEK_FILE: set one, not both'];
  if (value !== undefined) {
    const key = decodeKek(value);
    return typeof key === 'string' ? [`DATA_KEK: ${key}`] : [];
  }
  if (!file && env.HUB_ENV === 'production') return ['DATA_KEK: required when HUB_ENV=production (base64 of 32 random bytes, or DATA_KEK_FILE naming a file that holds it); the hub never writes personal data unencrypted'];
  return [];
}

function kekSource(value: string | undefined, file: string | undefined, dir: string): KekSource {
  if (value !== undefined) return { kind: 'value', base64: value };
  if (file !== undefined) return { kind: 'file', file: path.resolve(file) };
  return { kind: 'generated', dir: path.resolve(dir) };
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      problems.push(`${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`);
    }
  }
  const urls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(SOURCE_URL_PREFIX) || value === undefined) continue;
    if (!z.url({ protocol: /^https?$/ }).safeParse(value).success) {
      problems.push(`${name}=${JSON.stringify(value)}: must be an http(s) URL`);
      continue;
    }
    urls[name.slice(SOURCE_URL_PREFIX.length).toLowerCase()] = value;
  }
  let auth: AuthOptions | undefined;
  try {
    auth = authOptionsFromEnv(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  if (parsed.success && parsed.data.HUB_ENV === 'production') problems.push(...productionProblems(env, auth));
  let signIn: SignInOptions | undefined;
  try {
    signIn = signInOptionsFromEnv(env, env.HUB_ENV === 'production');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  problems.push(...kekProblems(env));
  let permittableCidrs: string[] = [];
  try {
    permittableCidrs = parsePermittableCidrs(env.WEBHOOK_PERMITTABLE_CIDRS);
  } catch (err) {
    problems.push(`WEBHOOK_PERMITTABLE_CIDRS=${JSON.stringify(env.WEBHOOK_PERMITTABLE_CIDRS ?? '')}: ${(err as Error).message}`);
  }
  if (!parsed.success || problems.length > 0 || auth === undefined || signIn === undefined) throw new ConfigError(problems);
  const e = parsed.data;
  const sandbox = (e.SANDBOX ?? (e.HUB_ENV === 'production' ? 'off' : 'on')) === 'on';
  if (!sandbox && e.SOURCE_BASE_URL === undefined) {
    throw new ConfigError(['SOURCE_BASE_URL: required when SANDBOX=off (where the agencies are)']);
  }
  return {
    profile: e.HUB_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseRole: e.DATABASE_ROLE,
    reportCache: { entries: e.REPORT_CACHE_ENTRIES, seconds: e.REPORT_CACHE_SECONDS },
    audit: { chains: e.AUDIT_CHAINS, checkpointIntervalMs: e.AUDIT_CHECKPOINT_INTERVAL_S * 1000, checkpointFile: path.resolve(e.AUDIT_CHECKPOINT_FILE ?? path.join(path.dirname(e.REPORT_KEYS_DIR), 'audit-checkpoints.jsonl')) },
    auditFindings: { intervalMs: e.AUDIT_FINDINGS_INTERVAL_S * 1000 },
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metrics: { token: e.METRICS_TOKEN ?? null, file: e.METRICS_TOKEN_FILE ?? null, developmentFile: e.HUB_ENV === 'production' ? null : '.data/metrics-token', workerPort: e.WORKER_METRICS_PORT ?? null },
    sandbox: {
      enabled: sandbox,
      port: e.SANDBOX_PORT,
      seed: e.SANDBOX_SEED,
      households: e.SANDBOX_HOUSEHOLDS,
      latencyMs: e.SANDBOX_LATENCY_MS,
      failureRate: e.SANDBOX_FAILURE_RATE,
      rateLimitPerSecond: e.SANDBOX_RATE_LIMIT,
      bankDelayMs: e.SANDBOX_BANK_DELAY_MS,
      fixtures: e.SANDBOX_FIXTURES ?? null,
    },
    sources: {
      baseUrl: e.SOURCE_BASE_URL ?? null,
      urls,
      timeoutMs: e.SOURCE_TIMEOUT_MS,
      retries: e.SOURCE_RETRIES,
      concurrency: e.SOURCE_CONCURRENCY,
      ratePerSecond: e.SOURCE_RATE_PER_SECOND,
      sharedConcurrency: e.SOURCE_SHARED_CONCURRENCY,
      breakerThreshold: e.BREAKER_THRESHOLD,
      breakerHalfOpenMs: e.BREAKER_HALF_OPEN_MS,
    },
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    pendingTimeoutMs: e.PENDING_TIMEOUT_MS,
    consentDocumentMaxBytes: e.CONSENT_DOCUMENT_MAX_BYTES,
    consentDocuments: { minBytes: e.CONSENT_DOCUMENT_MIN_BYTES, dailyUploads: e.CONSENT_DOCUMENT_DAILY_UPLOADS, dailyBytes: e.CONSENT_DOCUMENT_DAILY_BYTES },
    webhooks: { allowLoopback: e.WEBHOOK_ALLOW_LOOPBACK === 'on', permittableCidrs },
    reportKeysDir: e.REPORT_KEYS_DIR,
    trustedOperations: {
      enabled: (e.TRUSTED_OPERATIONS ?? (e.HUB_ENV === 'production' ? 'on' : 'off')) !== 'off',
      manifests: e.TRUSTED_OPERATIONS_MANIFESTS.split(',').map((p) => path.resolve(p.trim())),
      recordTo: e.TRUSTED_OPERATIONS === 'record' ? path.resolve(e.TRUSTED_OPERATIONS_RECORD) : null,
    },
    dataKek: kekSource(e.DATA_KEK, e.DATA_KEK_FILE, e.DATA_KEYS_DIR),
    batches: {
      queuePrefix: e.QUEUE_PREFIX,
      inlineWorker: e.WORKER === 'on',
      concurrency: e.WORKER_CONCURRENCY,
      chunkSize: e.BATCH_CHUNK_SIZE,
      lockDurationMs: e.BATCH_LOCK_MS,
      deadlineMs: e.BATCH_DEADLINE_MS,
      reconcileIntervalMs: e.RECONCILE_INTERVAL_MS,
      incomeChangeShare: e.CHANGE_INCOME_SHARE,
      webhookAttempts: e.WEBHOOK_ATTEMPTS,
      webhookBackoffMs: e.WEBHOOK_BACKOFF_MS,
      maxBytes: e.BATCH_MAX_BYTES,
      reviewMinIntervalMs: e.REVIEW_MIN_INTERVAL_S * 1_000,
    },
    quotas: {
      requestsPerSecond: e.QUOTA_REQUESTS_PER_SECOND,
      orgRequestsPerSecond: e.QUOTA_ORG_REQUESTS_PER_SECOND,
      orgVerificationsPerMinute: e.QUOTA_ORG_VERIFICATIONS_PER_MINUTE,
      orgConcurrentVerifications: e.QUOTA_ORG_CONCURRENT_VERIFICATIONS,
      orgBatchesPerMinute: e.QUOTA_ORG_BATCHES_PER_MINUTE,
    },
    auth,
    signIn,
  };
}
