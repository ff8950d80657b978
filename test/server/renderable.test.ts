import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../src/errors/index.js';
import { compiledExecution } from '../../src/server/compiled-execution.js';
import { createContext, type HubContext } from '../../src/server/context.js';
import { stringifyAnswer } from '../../src/server/rendered-answers.js';

const calls = { item: 0, label: 0, clock: 0 };
// One object per id, as the hub's views of a kept report version are one per version.
const items: Record<string, { name: string; n: number }> = { a: { name: '甲', n: 1 }, b: { name: '乙', n: 2 } };

const schema = makeExecutableSchema({
  typeDefs: `type Item { name: String, n: Int!, label(prefix: String!): String!, clock: Int! }
    type Query { item(id: ID!): Item, items: [Item!]! }`,
  resolvers: {
    Query: {
      item: (_p: unknown, args: { id: string }) => {
        calls.item += 1;
        if (args.id === 'refused') throw new HubError('OUT_OF_JURISDICTION', 'id: outside the caller\'s jurisdiction', { field: 'id' });
        return items[args.id] ?? null;
      },
      items: () => Object.values(items),
    },
    Item: {
      // Pure: reads its parent and arguments only.
      label: (item: { name: string }, args: { prefix: string }) => {
        calls.label += 1;
        return `${args.prefix}${item.name}`;
      },
      // Not pure: a different answer each time.
      clock: () => (calls.clock += 1),
    },
  },
});

let server: ApolloServer<HubContext>;

async function run(query: string, variables?: Record<string, unknown>) {
  const contextValue = createContext({ sub: 's', org: '370102', roles: ['verifier'] } as never, 'r');
  const res = await server.executeOperation({ query, variables }, { contextValue });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return { ...res.body.singleResult, served: contextValue.served.answer };
}

beforeAll(async () => {
  server = new ApolloServer<HubContext>({
    gateway: compiledExecution(schema, { fields: new Set(['item', 'items']), rendered: { fields: new Set(['item']), pure: new Set(['Item.label']) } }),
    stringifyResult: stringifyAnswer,
    plugins: [ApolloServerPluginCacheControlDisabled()],
  });
  await server.start();
});
afterAll(() => server.stop());

describe('answers rendered once per resolved value', () => {
  it('resolves the root field for every request, and builds and serialises the tree under it once', async () => {
    const before = { ...calls };
    const query = 'query($id: ID!) { item(id: $id) { name label(prefix: "项目") } }';
    const first = await run(query, { id: 'a' });
    const second = await run(query, { id: 'a' });
    expect(first.data).toEqual({ item: { name: '甲', label: '项目甲' } });
    expect(second.data).toEqual(first.data);
    expect(calls.item - before.item).toBe(2);
    expect(calls.label - before.label).toBe(1);
    expect(second.served).toBe(first.served);
    expect(second.served!.string).toBe('{"data":{"item":{"name":"甲","label":"项目甲"}}}\n');
    expect(second.served!.bytes.equals(Buffer.from(second.served!.string))).toBe(true);
    expect(Object.isFrozen(second.data)).toBe(true);
  });

  it('keeps answers apart by variables and by the value resolved', async () => {
    const query = 'query($id: ID!) { item(id: $id) { n } }';
    expect((await run(query, { id: 'a' })).data).toEqual({ item: { n: 1 } });
    expect((await run(query, { id: 'b' })).data).toEqual({ item: { n: 2 } });
    const replaced = items.a!;
    items.a = { name: '甲', n: 10 };
    try {
      expect((await run(query, { id: 'a' })).data).toEqual({ item: { n: 10 } });
    } finally {
      items.a = replaced;
    }
  });

  it('answers a refused root field with its located error and a null, and an unknown one with a null, rendering neither', async () => {
    const refused = await run('{ item(id: "refused") { n } }');
    expect(refused.data).toEqual({ item: null });
    expect(refused.errors?.[0]).toMatchObject({ message: "id: outside the caller's jurisdiction", path: ['item'], locations: [{ line: 1, column: 3 }], extensions: { code: 'OUT_OF_JURISDICTION', field: 'id' } });
    expect(refused.served).toBeUndefined();
    const unknown = await run('{ item(id: "none") { n } }');
    expect(unknown).toMatchObject({ data: { item: null }, errors: undefined, served: undefined });
  });

  it('builds the tree every time when the selection reaches a resolver that is not pure, or another root field', async () => {
    const clock = (await run('{ item(id: "a") { clock } }')).data as { item: { clock: number } };
    const again = await run('{ item(id: "a") { clock } }');
    expect((again.data as typeof clock).item.clock).toBe(clock.item.clock + 1);
    expect(again.served).toBeUndefined();
    // Through a fragment too.
    const viaFragment = await run('{ item(id: "a") { ...F } } fragment F on Item { clock }');
    expect((viaFragment.data as typeof clock).item.clock).toBe(clock.item.clock + 2);
    expect((await run('{ item(id: "a") { n } items { n } }')).served).toBeUndefined();
  });
});
