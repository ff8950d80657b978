import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDevKeys, signDevToken } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config.js';
import { DatabaseUnavailableError, dropDatabase } from '../../src/db/index.js';
import { createLogger } from '../../src/logging/index.js';
import { RedisUnavailableError, startHub, StartupError } from '../../src/startup/index.js';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
const dbUrl = `postgres://postgres@127.0.0.1:5432/hub_test_start_${process.pid}`;
const keysDir = mkdtempSync(join(tmpdir(), 'hub-start-keys-'));
const base = { DATABASE_URL: dbUrl, PORT: '0', SANDBOX_PORT: '0', SANDBOX_HOUSEHOLDS: '300', LOG_LEVEL: 'silent', AUTH_DEV_KEYS_DIR: keysDir, REPORT_KEYS_DIR: join(keysDir, 'reports'), QUEUE_PREFIX: `test-start-${process.pid}` };

afterAll(() => dropDatabase(dbUrl));

describe('starting the hub', () => {
  it('creates and migrates the database, starts the sandbox and serves the catalogue over GraphQL', async () => {
    const hub = await startHub(loadConfig(base), quiet);
    try {
      const query = { query: '{ sources { id } }' };
      const anonymous = await fetch(hub.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query) });
      expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
      // The first start made the development key pair where AUTH_DEV_KEYS_DIR points.
      const token = await signDevToken(await ensureDevKeys(keysDir), { sub: 'start-test', org: '370102', roles: ['auditor'], ttlSeconds: 60 });
      const res = await fetch(hub.server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ attributeCatalog(sources: ["tax"]) { code source { id protocol } } sources { id } }' }),
      });
      const body = (await res.json()) as { data: { attributeCatalog: { code: string; source: { id: string } }[]; sources: unknown[] } };
      expect(body.data.attributeCatalog.length).toBeGreaterThan(0);
      expect(body.data.attributeCatalog.every((a) => a.source.id === 'tax')).toBe(true);
      expect(body.data.sources.length).toBeGreaterThanOrEqual(60);
      const listed = await fetch(`${hub.sandbox!.url}/sandbox/households?limit=1`);
      expect(listed.status).toBe(200);
      expect((await fetch(hub.server.url.replace('/graphql', '/healthz'))).status).toBe(200);
      const ready = await fetch(hub.server.url.replace('/graphql', '/readyz'));
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { checks: Record<string, string> }).checks).toMatchObject({ postgresql: 'ok', redis: 'ok', 'source:bank_icbc': 'ok' });
      // With the agencies gone the hub is alive but not ready, and says which checks failed.
      await hub.sandbox!.close();
      const unready = await fetch(hub.server.url.replace('/graphql', '/readyz'));
      expect(unready.status).toBe(503);
      expect(((await unready.json()) as { checks: Record<string, string> }).checks).toMatchObject({ postgresql: 'ok', redis: 'ok', 'source:ps_hukou': 'failed' });
      expect((await fetch(hub.server.url.replace('/graphql', '/healthz'))).status).toBe(200);
    } finally {
      await hub.stop();
    }
  });

  it('stops with DATABASE_URL named when PostgreSQL cannot be reached', async () => {
    const config = loadConfig({ ...base, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/verification_hub' });
    await expect(startHub(config, quiet)).rejects.toThrow(DatabaseUnavailableError);
    await expect(startHub(config, quiet)).rejects.toThrow(/DATABASE_URL/);
  });

  it('stops with REDIS_URL named when Redis cannot be reached', async () => {
    const config = loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:1' });
    await expect(startHub(config, quiet)).rejects.toThrow(RedisUnavailableError);
  });

  it('stops with SANDBOX_PORT named when the port is taken', async () => {
    const first = await startHub(loadConfig(base), quiet);
    try {
      const config = loadConfig({ ...base, SANDBOX_PORT: String(first.sandbox!.port) });
      await expect(startHub(config, quiet)).rejects.toThrow(StartupError);
      await expect(startHub(config, quiet)).rejects.toThrow(/SANDBOX_PORT/);
    } finally {
      await first.stop();
    }
  });
});
