import type { Logger } from '../logging/index.js';
import { chooseDatabase, LOCAL_POSTGRES } from './choose.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.js';

/**
 * The database `npm start` uses: null when it is the configured (or default local) one, else an
 * embedded PostgreSQL just started, whose URL replaces DATABASE_URL's default. Says which in the log.
 * EMBEDDED_POSTGRES_DIR (default .data/postgres) and EMBEDDED_POSTGRES_PORT (default 5432, free
 * since nothing answered there) place it.
 */
export async function provideDatabase(env: NodeJS.ProcessEnv, logger: Logger): Promise<EmbeddedDatabase | null> {
  const choice = await chooseDatabase(env);
  if (choice.kind === 'configured') return null;
  if (choice.kind === 'local') {
    logger.info(`DATABASE_URL unset: using the PostgreSQL answering on ${LOCAL_POSTGRES.host}:${LOCAL_POSTGRES.port}`);
    return null;
  }
  const dir = env.EMBEDDED_POSTGRES_DIR ?? '.data/postgres';
  const port = Number(env.EMBEDDED_POSTGRES_PORT ?? LOCAL_POSTGRES.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`EMBEDDED_POSTGRES_PORT: ${JSON.stringify(env.EMBEDDED_POSTGRES_PORT)} is not a port`);
  logger.warn({ dir, port }, `DATABASE_URL unset and nothing answers on ${LOCAL_POSTGRES.host}:${LOCAL_POSTGRES.port}: starting PostgreSQL from the embedded-postgres package under ${dir} (development only; set DATABASE_URL for a real server)`);
  const started = Date.now();
  const db = await startEmbeddedPostgres({ dir, port, logger });
  logger.info({ port, ms: Date.now() - started }, `embedded PostgreSQL ready on 127.0.0.1:${port}, data in ${dir}`);
  return db;
}
