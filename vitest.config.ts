import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CommonJS and ESM builds; Apollo and @apollo/subgraph (CommonJS) load the former,
    // and two copies of graphql refuse each other's types. Node resolves these packages to their
    // CommonJS builds; the test runner would pick their ESM builds, so it is pointed at CommonJS too.
    alias: ['graphql', '@escape.tech/graphql-armor', '@escape.tech/graphql-armor-max-tokens'].map((name) => ({ find: new RegExp(`^${name}$`), replacement: require.resolve(name) })),
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database, Redis prefix and sandbox port, so files run in parallel.
    pool: 'forks',
    // Vitest's default is one fork fewer than the CPUs: one on these 2-vCPU machines, where most of a
    // file's time is spent waiting on its servers, PostgreSQL and the browser. Two took the suite from
    // 15 to 11 minutes (2026-11-28), which keeps CI well under its 20 on a slow machine; larger
    // machines keep the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
