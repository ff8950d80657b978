import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

let t: TestHub;
let token: string;

beforeAll(async () => {
  t = await startTestHub();
  token = await t.token(['verifier'], '370102');
});
afterAll(() => t?.stop());

describe('query shape limits (graphql-armor)', () => {
  it('accepts the standard introspection query', async () => {
    const res = await t.gql<{ __schema: { types: unknown[] } }>(token, getIntrospectionQuery());
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.__schema.types.length).toBeGreaterThan(60);
  });

  it('accepts the widest legitimate query: every typed record of every source', async () => {
    const records = catalog()
      .sources.map((s) => `${s.id} { asOf ${catalog().attributesOf(s.id).map((a) => a.code.slice(s.id.length + 1)).join(' ')} }`)
      .join(' ');
    const query = `query($id: ID!) { verificationReport(id: $id) { id members { records { ${records} } attributes { code value } } discrepancies { kind } } }`;
    const res = await t.gql(token, query, { id: '00000000-0000-0000-0000-000000000000' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ verificationReport: null });
  });

  it('refuses an alias bomb and a too deep query before executing them', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: sources { id }`).join(' ');
    const bomb = await t.gql(token, `{ ${aliases} }`);
    expect(bomb.status).toBe(400);
    expect(bomb.body.errors![0]!.message).toMatch(/aliases/i);
    expect(bomb.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const deep = `{ __schema { types { fields { type ${'{ ofType '.repeat(12)}{ name }${' }'.repeat(12)} } } } }`;
    const tooDeep = await t.gql(token, deep);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors![0]!.message).toMatch(/depth/i);
  });

  it('answers a malformed or oversized query with 400 and GRAPHQL_PARSE_FAILED', async () => {
    const malformed = await t.gql(token, '{ sources { id }');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    const huge = await t.gql(token, `{ ${Array.from({ length: 6_000 }, () => 'sources { id }').join(' ')} }`);
    expect(huge.status).toBe(400);
    expect(huge.body.errors![0]!.message).toMatch(/token/i);
  });

  it('does not suggest field names to a caller who guesses', async () => {
    const res = await t.gql(token, '{ sourcez { id } }');
    expect(res.body.errors![0]!.message).not.toMatch(/did you mean/i);
  });
});
