import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../src/errors/index.js';
import { compiledExecution } from '../../src/server/compiled-execution.js';

const schema = makeExecutableSchema({
  typeDefs: `type Thing { name: String, n: Int! }
    type Query { compiled(n: Int): Thing, interpreted: Thing, refused: Thing }`,
  resolvers: {
    Query: {
      // A function on the returned object: graphql-js's default resolver calls it, graphql-jit does not.
      compiled: (_p: unknown, args: { n?: number }) => ({ name: () => 'lazy', n: args.n ?? 1 }),
      interpreted: () => ({ name: () => 'lazy', n: 2 }),
      refused: () => {
        throw new HubError('BAD_USER_INPUT', 'id: not a report id', { field: 'id' });
      },
    },
  },
});

let server: ApolloServer;

async function run(query: string, variables?: Record<string, unknown>) {
  const res = await server.executeOperation({ query, variables });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return { status: res.http.status, ...res.body.singleResult };
}

beforeAll(async () => {
  // As in the hub: no plugin resolves per field. One that did (the cache-control plugin, on by
  // default) would wrap every field of the schema in a resolver, and nothing would be read plainly.
  server = new ApolloServer({ gateway: compiledExecution(schema, { fields: new Set(['compiled', 'refused']) }), validationRules: [NoSchemaIntrospectionCustomRule], plugins: [ApolloServerPluginCacheControlDisabled()] });
  await server.start();
});

afterAll(async () => {
  await server.stop();
});

describe('compiled execution behind the gateway hook', () => {
  it('compiles the listed fields only: a function on an object is not called there, and still is elsewhere', async () => {
    expect((await run('{ interpreted { name n } }')).data).toEqual({ interpreted: { name: 'lazy', n: 2 } });
    const compiled = await run('{ compiled(n: 5) { n name } }');
    expect((compiled.data as { compiled: { n: number } }).compiled.n).toBe(5);
    expect(compiled.errors?.[0]?.message).toMatch(/String cannot represent/);
    // A query mixing a listed and an unlisted field runs on graphql-js, whole.
    expect((await run('{ compiled { name } interpreted { name } }')).data).toEqual({ compiled: { name: 'lazy' }, interpreted: { name: 'lazy' } });
  });

  it("keeps a resolver's HubError code and field, as graphql-js does", async () => {
    const res = await run('{ refused { n } }');
    expect(res.errors?.[0]).toMatchObject({ message: 'id: not a report id', path: ['refused'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
  });

  it('answers variables that do not coerce as graphql-js does: 400, naming the variable', async () => {
    const res = await run('query($n: Int) { compiled(n: $n) { n } }', { n: 'five' });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.errors?.[0]?.message).toMatch(/\$n/);
  });

  it('leaves validation to Apollo before execution: its rules still refuse', async () => {
    const res = await run('{ __schema { types { name } } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.data).toBeUndefined();
  });
});
