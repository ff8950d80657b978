import { ConfigError, loadConfig } from './config.js';
import { DatabaseUnavailableError } from './db/index.js';
import { createLogger } from './logging/index.js';
import { RedisUnavailableError, StartupError, startHub } from './startup/index.js';

/** Problems a newcomer can fix from the message alone: printed plainly, no stack. */
const EXPLAINED = [ConfigError, DatabaseUnavailableError, RedisUnavailableError, StartupError];

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Handlers go in before anything starts: a signal during start-up stops the hub once it is up.
  let signalled: string | null = null;
  let hub: Awaited<ReturnType<typeof startHub>> | null = null;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = signal;
    logger.info({ signal }, 'shutting down');
    if (hub) stopAndExit(hub);
  };
  const stopAndExit = (running: Awaited<ReturnType<typeof startHub>>) =>
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  hub = await startHub(config, logger);
  if (signalled) stopAndExit(hub);
}

main().catch((err: unknown) => {
  if (EXPLAINED.some((E) => err instanceof E)) console.error(`verification hub did not start: ${(err as Error).message}`);
  else console.error('verification hub did not start:', err);
  process.exit(1);
});
