import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CommonJS and ESM builds; @apollo/subgraph (CommonJS) loads the former, and two
    // copies of graphql refuse each other's types. Node itself resolves both to CommonJS here.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database, Redis prefix and sandbox port, so files run in parallel.
    pool: 'forks',
  },
});
