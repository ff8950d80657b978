import { ConfigError, loadConfig } from '../src/config.js';
import { DatabaseUnavailableError } from '../src/db/index.js';
import { createLogger } from '../src/logging/index.js';
import { RedisUnavailableError, StartupError, startWorker, type RunningWorker } from '../src/startup/index.js';

/**
 * `npm run worker`: batch workers without the HTTP server, as many processes (and machines) as
 * wanted on one Redis and one PostgreSQL. SIGTERM finishes the chunks in hand, then exits 0.
 */
const EXPLAINED = [ConfigError, DatabaseUnavailableError, RedisUnavailableError, StartupError];

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let running: RunningWorker | null = null;
  let signalled = false;
  const stop = (r: RunningWorker) =>
    r.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'worker shutting down');
    if (running) void stop(running);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  running = await startWorker(config, logger);
  if (signalled) void stop(running);
}

main().catch((err: unknown) => {
  if (EXPLAINED.some((E) => err instanceof E)) console.error(`batch worker did not start: ${(err as Error).message}`);
  else console.error('batch worker did not start:', err);
  process.exit(1);
});
