import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { HubError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { createResolvers, type HubContext, type ResolverDeps } from './resolvers.js';
import { buildSchema } from './schema.js';

export interface HubServerOptions extends ResolverDeps {
  host: string;
  port: number;
  logger: Logger;
}

export interface HubServer {
  url: string;
  port: number;
  close(): Promise<void>;
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

export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const app = express();
  app.disable('x-powered-by');
  const http: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, options.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
  });
  const plugins: ApolloServerPlugin<HubContext>[] = [ApolloServerPluginDrainHttpServer({ httpServer: http })];
  const apollo = new ApolloServer<HubContext>({
    schema: buildSchema(createResolvers(options)),
    formatError: formatError(options.logger),
    plugins,
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, { context: async ({ req }) => ({ requestId: req.header('x-request-id') ?? randomUUID() }) }),
  );

  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://${options.host}:${port}/graphql`,
    port,
    close: () => apollo.stop(),
  };
}
