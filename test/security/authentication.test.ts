import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { forgedToken } from './issuer.js';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
}, 60_000);
afterAll(() => t?.stop());

const codeOf = (r: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => r.body.errors?.[0]?.extensions?.code;

describe('every GraphQL request is authenticated before execution', () => {
  it('answers 401 UNAUTHENTICATED to a forged, missing or malformed token, even for { __typename }', async () => {
    for (const token of [await forgedToken(), null, 'not-a-jwt']) {
      const res = await t.gql(token, '{ __typename }');
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.body.data).toBeUndefined();
    }
  });

  it('gives no anonymous schema: introspection and _service need a token', async () => {
    for (const q of ['{ __schema { types { name } } }', '{ _service { sdl } }']) expect((await t.gql(null, q)).status).toBe(401);
    const token = await t.token(['verifier'], '370102');
    const ok = await t.gql<{ __typename: string }>(token, '{ __typename }');
    expect(ok.status).toBe(200);
    expect(ok.body.data?.__typename).toBe('Query');
  });

  it('keeps health, readiness and the report keys open', async () => {
    const root = t.url.replace('/graphql', '');
    for (const path of ['/healthz', '/readyz', '/.well-known/jwks.json']) expect((await fetch(root + path)).status).toBe(200);
  });
});
