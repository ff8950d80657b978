import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ensureDevKeys } from '../../src/auth/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../connectors/sandbox/index.js';
import { loadConfig } from '../../src/config.js';
import { dropDatabase } from '../../src/db/index.js';
import { createLogger } from '../../src/logging/index.js';
import { startHub, type RunningHub } from '../../src/startup/index.js';
import { startTestSandbox } from '../kit/index.js';
import { createTestIssuer, type TestIssuer } from './issuer.js';

// A production hub needs the key-encryption key of personal data at rest (test/data-protection covers its absence).
const base = { HUB_ENV: 'production', SOURCE_BASE_URL: 'https://agencies.example.gov.cn', DATA_KEK: randomBytes(32).toString('base64') };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    return String((err as Error).message);
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('HUB_ENV=production refuses unsafe configuration', () => {
  it('is validated and defaults to development (sandbox on)', () => {
    expect(problemsOf({ HUB_ENV: 'staging' })).toMatch(/HUB_ENV/);
    const dev = loadConfig({});
    expect(dev.profile).toBe('development');
    expect(dev.sandbox.enabled).toBe(true);
  });

  it('requires AUTH_ISSUERS', () => {
    expect(problemsOf(base)).toMatch(/AUTH_ISSUERS: required when HUB_ENV=production/);
  });

  it('refuses the development issuer and any JWKS in the dev key directory, naming AUTH_ISSUERS', () => {
    expect(problemsOf({ ...base, AUTH_ISSUERS: 'urn:verification-hub:dev=/etc/hub/jwks.json' })).toMatch(/AUTH_ISSUERS=.*development issuer/);
    expect(problemsOf({ ...base, AUTH_ISSUERS: 'https://idp=.data/dev-keys/jwks.json' })).toMatch(/AUTH_ISSUERS=.*development issuer/);
    expect(problemsOf({ ...base, AUTH_DEV_KEYS_DIR: '/tmp/keys', AUTH_ISSUERS: 'https://idp=/tmp/keys/jwks.json' })).toMatch(/AUTH_ISSUERS=.*development issuer/);
  });

  // Attacker review: a symbolic link into the dev key directory, or the dev JWKS copied elsewhere,
  // passed the path prefix check; an http JWKS URL was accepted; nothing rechecked webhooks' scheme.
  it('refuses a JWKS reached through a link into the dev key directory, one holding a dev key, an http JWKS URL and the loopback switch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-devkeys-'));
    await ensureDevKeys(dir);
    const link = join(mkdtempSync(join(tmpdir(), 'hub-link-')), 'keys');
    symlinkSync(dir, link);
    expect(problemsOf({ ...base, AUTH_DEV_KEYS_DIR: dir, AUTH_ISSUERS: `https://idp=${join(link, 'jwks.json')}` })).toMatch(/AUTH_ISSUERS=.*development issuer/);
    const copy = join(mkdtempSync(join(tmpdir(), 'hub-copy-')), 'idp-jwks.json');
    copyFileSync(join(dir, 'jwks.json'), copy);
    expect(problemsOf({ ...base, AUTH_DEV_KEYS_DIR: dir, AUTH_ISSUERS: `https://idp=${copy}` })).toMatch(/AUTH_ISSUERS=.*development issuer/);
    expect(problemsOf({ ...base, AUTH_ISSUERS: 'https://idp.example=http://idp.example/jwks' })).toMatch(/AUTH_ISSUERS=.*must be an https URL when HUB_ENV=production/);
    expect(problemsOf({ ...base, AUTH_ISSUERS: 'https://idp.example=https://idp.example/jwks', WEBHOOK_ALLOW_LOOPBACK: 'on' })).toMatch(/WEBHOOK_ALLOW_LOOPBACK="on"/);
    const idp = await createTestIssuer();
    expect(loadConfig({ ...base, AUTH_DEV_KEYS_DIR: dir, AUTH_ISSUERS: idp.authIssuers })).toMatchObject({ profile: 'production', webhooks: { allowLoopback: false } });
    expect(loadConfig({ WEBHOOK_ALLOW_LOOPBACK: 'on' }).webhooks.allowLoopback).toBe(true);
  });

  it('turns the sandbox off by default and refuses SANDBOX=on', () => {
    const env = { ...base, AUTH_ISSUERS: 'https://idp.example=https://idp.example/jwks' };
    const config = loadConfig(env);
    expect(config).toMatchObject({ profile: 'production', sandbox: { enabled: false } });
    expect(problemsOf({ ...env, SANDBOX: 'on' })).toMatch(/SANDBOX="on"/);
    expect(problemsOf({ HUB_ENV: 'production', AUTH_ISSUERS: env.AUTH_ISSUERS, DATA_KEK: base.DATA_KEK })).toMatch(/SOURCE_BASE_URL/);
  });
});

describe('a production hub', () => {
  let idp: TestIssuer;
  let sandbox: Sandbox;
  let hub: RunningHub;
  const lines: { msg: string; profile?: string; safeguards?: string[] }[] = [];
  const dbUrl = `postgres://postgres@127.0.0.1:5432/hub_test_security_profile_${process.pid}`;

  beforeAll(async () => {
    idp = await createTestIssuer();
    sandbox = await startTestSandbox();
    const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(JSON.parse(chunk.toString())), done()) }));
    const env = { ...base, SOURCE_BASE_URL: sandbox.url, AUTH_ISSUERS: idp.authIssuers, DATABASE_URL: dbUrl, PORT: '0', REPORT_KEYS_DIR: `/tmp/hub-security-reports-${process.pid}`, QUEUE_PREFIX: `test-sec-${process.pid}`, WORKER: 'off' };
    hub = await startHub(loadConfig(env), logger);
  }, 60_000);
  afterAll(async () => {
    await hub?.stop();
    await sandbox?.close();
    await dropDatabase(dbUrl);
  });

  const post = (body: unknown, token?: string) =>
    fetch(hub.server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

  it('states its profile and safeguards in the start-up log, and runs no sandbox', () => {
    const line = lines.find((l) => l.profile === 'production');
    expect(line?.msg).toMatch(/^HUB_ENV=production: development issuer refused; sandbox off; https-only webhooks/);
    expect(hub.sandbox).toBeNull();
  });

  it('answers no anonymous schema: introspection and _service { sdl } need a token', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }', '{ _service { sdl } }', '{ __typename }']) {
      const res = await post({ query });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
    const token = await idp.sign({ org: '370102', roles: ['verifier'] });
    const sdl = (await (await post({ query: '{ _service { sdl } }' }, token)).json()) as { data: { _service: { sdl: string } } };
    expect(sdl.data._service.sdl).toContain('type Query');
    const schema = (await (await post({ query: '{ __schema { queryType { name } } }' }, token)).json()) as { data: { __schema: { queryType: { name: string } } } };
    expect(schema.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses plain-http webhooks, even to the loopback', async () => {
    const token = await idp.sign({ org: '370102', roles: ['verifier'] });
    const mutation = 'mutation($u: String!) { subscribeWebhook(url: $u) { id } }';
    const body = (await (await post({ query: mutation, variables: { u: 'http://127.0.0.1:9/hook' } }, token)).json()) as { errors: { message: string; extensions: { code: string; field: string } }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(body.errors[0]!.message).toMatch(/must be https/);
  });
});
