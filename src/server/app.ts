import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Queue } from 'bullmq';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import express, { type NextFunction, type Request, type Response } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Caller, TokenVerifier } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { batchUploadRouter } from './batch-upload.js';
import { consentDocumentsRouter } from './consent-documents.js';
import { authenticateGraphql, authenticatedCaller } from './authenticate.js';
import { createContext, type HubContext } from './context.js';
import { mountBatchExport, mountDashboard, mountPrintableReports } from './http-routes.js';
import { mountAuditRoutes } from './audit-routes.js';
import type { ReportKeyRing } from '../signing/index.js';
import { clientAddress, logRefusal } from './http-refusal.js';
import { quotaMiddleware, rateLimitedIs429 } from './quota-http.js';
import { createResolvers, pureViewFields, type ResolverDeps } from './resolvers/index.js';
import { compiledExecution } from './compiled-execution.js';
import { graphqlHandler } from './graphql-http.js';
import { stringifyAnswer } from './rendered-answers.js';
import { buildSchema } from './schema.js';
import { installSecurityHeaders } from './security-headers.js';
import { securityLogPlugin } from './security-log-plugin.js';
import { trustedOperationsGate } from './trusted-operations.js';
import type { TrustedOperations } from '../trusted-operations/index.js';
import { createSecurityLog, type SecurityLog } from '../security-log/index.js';
import type { SessionStore, SignInOptions } from '../sign-in/index.js';
import { mountConsoleAssets } from './console-assets.js';
import { graphqlMetricsPlugin, metricsHandler, watchHub, type MetricsToken } from '../metrics/index.js';
import { consoleSessions } from './console-session.js';
import { mountSignIn } from './sign-in-routes.js';

export interface HubServerOptions extends ResolverDeps {
  host: string;
  port: number;
  logger: Logger;
  verifier: TokenVerifier;
  /** Named checks behind /readyz; each resolves true when its dependency answers. */
  readiness: Record<string, () => Promise<boolean>>;
  /** Queues shown to admins at /admin/queues (bull-board). */
  dashboardQueues: Queue[];
  /** Largest consent document POST /consents/documents accepts (default 5 MB). */
  consentDocumentMaxBytes?: number;
  /** Smallest consent document and per-organisation daily upload quotas (CONSENT_DOCUMENT_MIN_BYTES, _DAILY_UPLOADS, _DAILY_BYTES). */
  consentDocumentLimits?: { minBytes: number; dailyUploads: number; dailyBytes: number };
  /** TRUSTED_OPERATIONS=on: the registered operations assistance systems are held to (trusted-operations.ts); null or absent: off. */
  trustedOperations?: TrustedOperations | null;
  /** The report key ring also signs auditors' bundles (audit-routes.ts). */
  reportKeys: ResolverDeps['reportKeys'] & Pick<ReportKeyRing, 'sign'>;
  /** Console sign-in (OIDC) and its sessions; without it, only bearer tokens authenticate (the console's pages still load). */
  signIn?: { options: SignInOptions; sessions: SessionStore };
  /** The /metrics scrape token; null: /metrics answers 404 (metrics off). */
  metricsToken?: MetricsToken | null;
}

export interface HubServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Limits on the shape of a query (graphql-armor), every one set explicitly: the widest legitimate
 * query (a report with every typed record of 62 sources, depth 5, ~900 tokens) fits well inside;
 * alias and depth bombs do not. Introspection is limited too (`ignoreIntrospection: false`).
 */
const ARMOR = {
  maxDepth: { n: 15, ignoreIntrospection: false, flattenFragments: true, exposeLimits: true },
  costLimit: { maxCost: 50_000, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, fragmentRecursionCost: 1_000, ignoreIntrospection: false, flattenFragments: true, exposeLimits: true },
  maxAliases: { n: 15, exposeLimits: true },
  maxDirectives: { n: 50, exposeLimits: true },
  // Counted by `limitTokens` below, before Apollo: armour's own token plugin throws where Apollo
  // answers 500, and a malformed query is the client's error.
  maxTokens: { enabled: false },
  blockFieldSuggestion: { enabled: true },
};
const MAX_TOKENS = 10_000;

/** Parses the query with graphql-armor's token-counting parser; a refusal is a 400 GraphQL error, recorded in the security log. */
function limitTokens(securityLog: SecurityLog) {
  // Documents already counted within the limit (the newest 500, of 8,000 characters at most, so
  // that they hold at most a few MB): a client asks the same few queries again and again, and
  // parsing a report query for its count was ~1% of a read (issue 15).
  const counted = new Set<string>();
  return (req: Request, res: Response, next: NextFunction): void => {
    const query: unknown = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    // A trusted operation's document is the hub's own (trusted-operations.ts): no need to count its tokens.
    if (typeof query !== 'string' || res.locals.trustedOperation === true || counted.has(query)) return next();
    try {
      new MaxTokensParserWLexer(query, { n: MAX_TOKENS, exposeLimits: true, errorMessage: 'query too large', onAccept: [], onReject: [], propagateOnRejection: true }).parseDocument();
      if (query.length <= 8_000) counted.add(query);
      if (counted.size > 500) counted.delete(counted.values().next().value!);
      next();
    } catch (err) {
      if (!(err instanceof GraphQLError)) return next(err);
      const refusal = { message: err.message, extensions: { code: ApolloServerErrorCode.GRAPHQL_PARSE_FAILED } };
      logRefusal(securityLog, req, refusal, `${req.method} ${req.baseUrl}`, authenticatedCaller(res));
      res.status(400).json({ errors: [refusal] });
    }
  };
}

/** Error codes graphql-js and Apollo raise for a malformed request: safe to show as they are. */
const REQUEST_ERROR_CODES = new Set<string>(Object.values(ApolloServerErrorCode));

/**
 * Clients see HubError messages and request errors as they are; any other error becomes a generic
 * message with a correlation id, its details logged (masked) under the same id.
 */
function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    if (original instanceof HubError || (typeof code === 'string' && REQUEST_ERROR_CODES.has(code) && code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR)) {
      return formatted;
    }
    const correlationId = randomUUID();
    logger.error({ err: original, correlationId, path: formatted.path }, 'unexpected error while resolving');
    return { message: `internal error; quote ${correlationId} to the operator`, ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId } };
  };
}

const CLIENT_REQUEST_ERRORS = new Set<string>([ApolloServerErrorCode.GRAPHQL_PARSE_FAILED, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED]);

/**
 * A query refused before execution is the client's fault: 400, as GraphQL over HTTP says. The
 * armour's parser limits raise their errors where Apollo would otherwise answer 500.
 */
const requestErrorsAre400: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        if (data === undefined && errors?.length && errors.every((e) => CLIENT_REQUEST_ERRORS.has(String(e.extensions?.code)))) response.http.status = 400;
      },
    };
  },
};

/** GraphQL answers carry personal data: no cache may keep them (what Apollo's cache-control plugin said when it ran). */
function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set('cache-control', 'no-store');
  next();
}

/**
 * Root fields executed compiled (graphql-jit, compiled-execution.ts): the reports, whose views hold
 * plain values only (views/report.ts). Other fields' views still hang functions on their objects.
 */
const COMPILED_FIELDS: ReadonlySet<string> = new Set(['verificationReport', 'reportVersions', 'requestVerification', 'retrySources']);

/**
 * Root fields whose answers are rendered once per kept report version and query (renderable.ts):
 * a report polled or read again is authorised, read and audited as before, and its 601-attribute
 * answer is not built, serialised and encoded again.
 */
const RENDERED_FIELDS: ReadonlySet<string> = new Set(['verificationReport']);

/** Runs the readiness checks in parallel, each bounded, and says which failed. */
async function readiness(checks: HubServerOptions['readiness']): Promise<{ ready: boolean; checks: Record<string, 'ok' | 'failed'> }> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, 'ok' | 'failed']> => {
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000).unref());
      const ok = await Promise.race([check().catch(() => false), timeout]);
      return [name, ok ? 'ok' : 'failed'];
    }),
  );
  return { ready: results.every(([, r]) => r === 'ok'), checks: Object.fromEntries(results) };
}

export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const app = express();
  app.disable('x-powered-by');
  // No ETag on res.send answers: Express would hash every GraphQL answer (a full household is
  // 110 KB) to make one no client revalidates; static console files keep serve-static's own.
  app.set('etag', false);
  installSecurityHeaders(app);
  const http: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, options.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  // Inline traces feed Apollo Studio, which this hub never reports to: off, and said so here.
  // No landing page: it loads Apollo's sandbox from a CDN (refused by the CSP) and every request needs a token anyway.
  // No cache hints anywhere in the schema: Apollo's cache-control hooks, run on every field, only
  // ever concluded `no-store` and cost ~5% of a full-household read (issue 15). `noStore` says it.
  // Refusals before any data is touched (authentication, invalid queries, quotas): src/security-log.
  const securityLog = createSecurityLog({ db: options.db, logger: options.logger });
  const plugins: ApolloServerPlugin<HubContext>[] = [ApolloServerPluginDrainHttpServer({ httpServer: http }), ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled(), requestErrorsAre400, rateLimitedIs429, securityLogPlugin(securityLog), graphqlMetricsPlugin<HubContext>()];
  const armor = new ApolloArmor(ARMOR).protect();
  const apollo = new ApolloServer<HubContext>({
    gateway: compiledExecution(buildSchema(options.catalog, createResolvers(options)), { fields: COMPILED_FIELDS, rendered: { fields: RENDERED_FIELDS, pure: pureViewFields(options.catalog) } }),
    stringifyResult: stringifyAnswer,
    formatError: formatError(options.logger),
    // Stack traces name files and lines of the hub: never for clients, whatever NODE_ENV says.
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Only authenticated callers reach Apollo (authenticateGraphql), so only they may introspect.
    introspection: true,
    // The process's signal handler stops the whole hub in order; Apollo's own would race it.
    stopOnTerminationSignals: false,
    validationRules: armor.validationRules,
    plugins: [...plugins, ...(armor.plugins as ApolloServerPlugin<HubContext>[])],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await readiness(options.readiness);
    res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  });
  // Prometheus scrapes with its own token (src/metrics), not a caller's: before the quotas, like the probes.
  app.get('/metrics', metricsHandler(options.metricsToken ?? null));
  const unwatch = watchHub({ db: options.db, queues: options.dashboardQueues, connectors: options.connectors });
  const port = (http.address() as AddressInfo).port;
  const publicUrl = options.signIn?.options.publicUrl ?? `http://${options.host}:${port}`;
  // The console's session cookie, resolved before quotas and routes (a bearer token wins): console-session.ts.
  if (options.signIn) app.use(consoleSessions(options.signIn.sessions, new URL(publicUrl).origin));
  // Every route below counts against its token's and organisation's quotas (src/quotas); probes above do not.
  if (options.quotas) app.use(quotaMiddleware(options.quotas, options.verifier, securityLog));
  // GraphQL first among the routes: most requests are its, and none of the routes below is under /graphql.
  app.use(
    '/graphql',
    authenticateGraphql(options.verifier, securityLog),
    noStore,
    express.json({ limit: '2mb' }),
    ...(options.trustedOperations ? [trustedOperationsGate(options.trustedOperations, securityLog)] : []),
    limitTokens(securityLog),
    graphqlHandler(apollo, (req, res) => createContext(authenticatedCaller(res), req.header('x-request-id') ?? randomUUID(), clientAddress(req))),
  );
  if (options.signIn) await mountSignIn(app, { db: options.db, logger: options.logger, securityLog, sessions: options.signIn.sessions, options: options.signIn.options, publicUrl });
  mountConsoleAssets(app);
  mountDashboard(app, { db: options.db, verifier: options.verifier, securityLog, queues: options.dashboardQueues, signIn: options.signIn });
  app.get('/.well-known/jwks.json', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(options.reportKeys.jwks());
  });
  mountPrintableReports(app, { ...options, securityLog });
  mountBatchExport(app, { ...options, securityLog });
  mountAuditRoutes(app, { ...options, securityLog });
  app.use(consentDocumentsRouter({ db: options.db, verifier: options.verifier, securityLog, maxBytes: options.consentDocumentMaxBytes ?? 5 * 1024 * 1024, limits: options.consentDocumentLimits }));
  app.use(batchUploadRouter({ db: options.db, verifier: options.verifier, queue: options.batches.queue, chunkSize: options.batches.chunkSize, maxBytes: options.batches.maxBytes, quotas: options.quotas, securityLog }));
  // A body that is not JSON gets a GraphQL-over-HTTP error document, not an HTML page.
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    const message = err.type === 'entity.parse.failed' ? 'request body is not valid JSON' : status === 413 ? 'request body too large' : 'bad request';
    if (status === 500) options.logger.error({ err }, 'unexpected HTTP error');
    else logRefusal(securityLog, req, { message, extensions: { code: 'BAD_REQUEST' } }, `${req.method} ${req.baseUrl || req.path}`, (res.locals.caller as Caller | undefined) ?? null);
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });

  return {
    url: `http://${options.host}:${port}/graphql`,
    port,
    // Apollo drains the requests in flight; their security events are written before the database closes.
    close: () => apollo.stop().then(() => securityLog.stop()).finally(unwatch),
  };
}
