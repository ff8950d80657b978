import type { Profile } from '../config.js';
import type { Logger } from '../logging/index.js';
import type { MetricsToken } from '../metrics/index.js';

export interface Addresses {
  /** The GraphQL endpoint (server.url). */
  graphql: string;
  profile: Profile;
  metricsToken: MetricsToken | null;
}

/** How to put the scrape token on a curl command line without printing it in the log. */
function tokenReference(token: MetricsToken): string {
  return token.from === 'METRICS_TOKEN' ? '$METRICS_TOKEN' : `$(cat ${token.from.replace(/^METRICS_TOKEN_FILE=/, '')})`;
}

/**
 * The start-up lines a person reads first: where the API, the console, GraphiQL, the queue
 * dashboard and the metrics are, and (development) how to get a token. One line each, so they read
 * well pretty-printed at a terminal and stay searchable as JSON.
 */
export function logWhereToGo(logger: Logger, a: Addresses): void {
  const at = (path: string) => new URL(path, a.graphql).toString();
  logger.info({ url: a.graphql }, `API (GraphQL, POST with a bearer token): ${a.graphql}`);
  logger.info({ url: at('/console/') }, `console (sign in, households, batches, reports): ${at('/console/')}`);
  logger.info({ url: at('/graphiql') }, `GraphiQL (paste a token under Headers): ${at('/graphiql')}`);
  logger.info({ url: at('/admin/queues') }, `queue dashboard (admins): ${at('/admin/queues')}`);
  if (a.profile === 'development') logger.info('a development token: export TOKEN=$(npm run -s token -- --role verifier --org 370102)   (npm run -s token -- --help)');
  if (a.metricsToken) logger.info({ url: at('/metrics') }, `metrics (Prometheus): curl -H "authorization: Bearer ${tokenReference(a.metricsToken)}" ${at('/metrics')}`);
}
