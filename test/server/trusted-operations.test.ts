import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionStore } from '../../src/sign-in/index.js';
import type { Manifest } from '../../src/trusted-operations/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { until } from '../kit/index.js';

/** The sample platform's registered operations (npm run -s trusted-operations -- examples/assistance-platform/operations). */
const MANIFEST = new URL('../../examples/assistance-platform/trusted-operations.json', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
const status = manifest.operations.find((o) => o.name === 'HouseholdStatus')!;
const UNKNOWN_HOUSEHOLD = '00000000-0000-4000-8000-000000000000';

let t: TestHub;
let system: string;
/** The console's public origin, which a session's POST must come from (console-session.ts). */
const CONSOLE = 'http://127.0.0.1:4999';

async function post(token: string, body: Record<string, unknown>) {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

beforeAll(async () => {
  t = await startTestHub({ TRUSTED_OPERATIONS: 'on', TRUSTED_OPERATIONS_MANIFESTS: MANIFEST, CONSOLE_PUBLIC_URL: CONSOLE });
  system = await t.token(['assistance-system'], '370102', 'platform-backoffice');
});
afterAll(() => t?.stop());

describe('TRUSTED_OPERATIONS=on', () => {
  it('runs an assistance system\'s registered operation named by its hash alone, by documentId, or sent as registered', async () => {
    for (const request of [
      { extensions: { persistedQuery: { version: 1, sha256Hash: status.id } }, variables: { id: UNKNOWN_HOUSEHOLD } },
      { documentId: `sha256:${status.id}`, variables: { id: UNKNOWN_HOUSEHOLD } },
      { query: status.body, variables: { id: UNKNOWN_HOUSEHOLD } },
    ]) {
      const res = await post(system, request);
      expect(res).toEqual({ status: 200, body: { data: { household: null } } });
    }
  });

  it('refuses any other operation 403 OPERATION_NOT_TRUSTED and records it in the security log', async () => {
    const other = await post(system, { query: '{ attributeCatalog { code } }' });
    expect(other.status).toBe(403);
    expect(other.body.errors).toEqual([{ message: expect.stringMatching(/^query: not a registered operation/), extensions: { code: 'OPERATION_NOT_TRUSTED', field: 'query' } }]);
    const unknownHash = await post(system, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(unknownHash.status).toBe(403);
    expect(unknownHash.body.errors?.[0]?.extensions).toEqual({ code: 'OPERATION_NOT_TRUSTED', field: 'extensions.persistedQuery.sha256Hash' });
    // A registered hash does not carry another document in with it.
    const smuggled = await post(system, { query: '{ auditEvents { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: status.id } } });
    expect(smuggled.status).toBe(403);
    const rows = await until(
      'three refusals in the security log',
      () => t.hub.db('security_events').where({ actor_sub: 'platform-backoffice' }).select('kind', 'error_code', 'reason', 'door'),
      (r) => r.length === 3,
    );
    expect(rows.every((r: { kind: string; error_code: string; door: string }) => r.kind === 'VALIDATION_FAILED' && r.error_code === 'OPERATION_NOT_TRUSTED' && r.door === 'POST /graphql')).toBe(true);
    expect(rows.map((r: { reason: string }) => r.reason).sort()).toEqual(['extensions.persistedQuery.sha256Hash', 'query', 'query']);
  });

  it('by GET, runs a registered document sent whole and refuses a hash alone (the document is substituted in POST bodies only)', async () => {
    const get = async (params: Record<string, string>) => {
      const res = await fetch(`${t.url}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${system}`, 'apollo-require-preflight': 'true' } });
      return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } };
    };
    const whole = await get({ query: status.body, variables: JSON.stringify({ id: UNKNOWN_HOUSEHOLD }) });
    expect(whole).toEqual({ status: 200, body: { data: { household: null } } });
    const hashOnly = await get({ extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: status.id } }), variables: JSON.stringify({ id: UNKNOWN_HOUSEHOLD }) });
    expect(hashOnly.status).toBe(403);
    expect(hashOnly.body.errors?.[0]?.extensions).toEqual({ code: 'OPERATION_NOT_TRUSTED', field: 'query' });
  });

  it('holds a token with the assistance-system role among others to it; leaves people (verifiers, auditors) free to write their queries', async () => {
    const both = await post(await t.token(['verifier', 'assistance-system'], '370102'), { query: '{ attributeCatalog { code } }' });
    expect(both.status).toBe(403);
    const verifier = await post(await t.token(['verifier'], '370102'), { query: '{ sources { id } }' });
    expect(verifier.status).toBe(200);
    expect(verifier.body.errors).toBeUndefined();
  });

  it('holds an assistance system\'s bearer token, not a person signed in to the console with the same roles', async () => {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const sessions = createSessionStore(redis, t.env.QUEUE_PREFIX!, { idleSeconds: 60, absoluteSeconds: 600 });
      const roles: ['verifier', 'assistance-system'] = ['verifier', 'assistance-system'];
      const { token } = await sessions.create({ caller: { sub: 'jinan-verifier', org: '370100', roles, issuer: 'test-idp' }, name: '赵丽' });
      const query = JSON.stringify({ query: '{ attributeCatalog { code } }' });
      const console = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `hub_session=${token}`, origin: CONSOLE, 'sec-fetch-site': 'same-origin' }, body: query });
      expect(console.status).toBe(200);
      expect(((await console.json()) as { data: { attributeCatalog: unknown[] } }).data.attributeCatalog.length).toBeGreaterThan(400);
      const machine = await post(await t.token(roles, '370100', 'jinan-verifier'), JSON.parse(query) as Record<string, unknown>);
      expect(machine.status).toBe(403);
      expect(machine.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_TRUSTED');
    } finally {
      await redis.quit();
    }
  });
});
