import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ensureDevKeys, signDevToken } from '../src/auth/index.js';
import { loadConfig } from '../src/config.js';
import { dropDatabase } from '../src/db/index.js';
import { createLogger } from '../src/logging/index.js';
import { startHub, type RunningHub } from '../src/startup/index.js';

/**
 * A database of this run's own on the PostgreSQL server DATABASE_URL names (the hub's default
 * server when unset), so a benchmark runs beside a live hub and never touches (or drops) its data.
 */
export function benchDatabaseUrl(prefix: string): string {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/verification_hub');
  url.pathname = `/${prefix}_${process.pid}`;
  return url.toString();
}

/** A hub a benchmark runs in its own process, with a token of a province-wide verifier and a GraphQL client. */
export interface IsolatedHub {
  hub: RunningHub;
  url: string;
  /** Its own database, on DATABASE_URL's server. */
  databaseUrl: string;
  token: string;
  /** POSTs a query; throws on any GraphQL error. */
  gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>): Promise<T>;
  /** Stops the hub and removes its database and key folder. */
  stop(): Promise<void>;
}

/**
 * Starts the hub over the sandbox at `sandboxUrl`, isolated by environment: DATABASE_URL's and
 * REDIS_URL's servers, but a database, a queue prefix and key folders (dev issuer, report and data
 * keys) of this run's own, and free ports. `env` adds or overrides settings.
 */
export async function startIsolatedHub(name: string, sandboxUrl: string, env: Record<string, string> = {}): Promise<IsolatedHub> {
  const databaseUrl = benchDatabaseUrl(`hub_${name}`);
  const keysDir = mkdtempSync(join(tmpdir(), `hub-${name}-keys-`));
  const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
  const config = {
    DATABASE_URL: databaseUrl,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    PORT: '0',
    SANDBOX: 'off',
    SOURCE_BASE_URL: sandboxUrl,
    LOG_LEVEL: 'silent',
    AUTH_DEV_KEYS_DIR: keysDir,
    REPORT_KEYS_DIR: join(keysDir, 'reports'),
    DATA_KEYS_DIR: join(keysDir, 'data'),
    QUEUE_PREFIX: `${name}-${process.pid}`,
    ...env,
  };
  const hub = await startHub(loadConfig(config), quiet);
  const token = await signDevToken(await ensureDevKeys(keysDir), { sub: 'bench', org: '370000', roles: ['verifier', 'assistance-system'], ttlSeconds: 3600 });
  const gql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await fetch(hub.server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data!;
  };
  return {
    hub,
    url: hub.server.url,
    databaseUrl,
    token,
    gql,
    stop: async () => {
      await hub.stop();
      await dropDatabase(databaseUrl);
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}
