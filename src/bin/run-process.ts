import { asksForHelp } from '../cli/index.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { DatabaseUnavailableError } from '../db/index.js';
import { createLogger, logDestination, type Logger } from '../logging/index.js';
import { RedisUnavailableError, StartupError } from '../startup/index.js';
import { stopTracing } from '../tracing/index.js';

/** What a process entry point starts: anything it can stop in reverse order. */
export interface StartedProcess {
  stop(): Promise<void>;
}

export type StartProcess = (config: Config, logger: Logger) => Promise<StartedProcess>;

/** Problems a newcomer can fix from the message alone: printed plainly, no stack. */
const EXPLAINED = [ConfigError, DatabaseUnavailableError, RedisUnavailableError, StartupError];

/**
 * Runs one long-lived process (`npm start`, `npm run worker`): reads the configuration, starts,
 * and on SIGTERM/SIGINT stops, then exits 0 (1 when stopping fails). A start-up error is printed
 * as `<name> did not start: <message>` and the process exits 1. `--help` prints `help`; any other
 * argument is refused (exit 2): these processes are configured by the environment alone.
 */
export function runProcess(name: string, start: StartProcess, help: string): void {
  const argv = process.argv.slice(2);
  if (asksForHelp(argv)) {
    process.stdout.write(`${help.trim()}\n`);
    return;
  }
  if (argv.length > 0) {
    console.error(`${name}: ${JSON.stringify(argv[0])}: unexpected argument; configure it with environment variables (--help: usage)`);
    process.exitCode = 2;
    return;
  }
  run(name, start).catch((err: unknown) => {
    if (EXPLAINED.some((E) => err instanceof E)) console.error(`${name} did not start: ${(err as Error).message}`);
    else console.error(`${name} did not start:`, err);
    process.exit(1);
  });
}

async function run(name: string, start: StartProcess): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, logDestination(config.logFormat));
  // Handlers go in before anything starts: a signal during start-up stops the process once it is up.
  let signalled = false;
  let started: StartedProcess | null = null;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, `${name} shutting down`);
    if (started) void stopAndExit(started, logger);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  started = await start(config, logger);
  if (signalled) void stopAndExit(started, logger);
}

function stopAndExit(started: StartedProcess, logger: Logger): Promise<void> {
  // The spans still batched are exported before the process exits (nothing when tracing is off).
  return started.stop().then(stopTracing).then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, 'error while shutting down');
      process.exit(1);
    },
  );
}
