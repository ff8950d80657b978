import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The console and GraphiQL, two pages of one build: their assets (scripts, styles, Monaco's
 * workers, the CJK web font's subsets) are written with content hashes under dist/console/assets,
 * which the hub serves under /console/assets with a year-long cache; the two HTML pages are
 * served without caching. Nothing is loaded from elsewhere at run time (the hub's CSP forbids it).
 */
export default defineConfig({
  root: here('.'),
  base: '/console/',
  // Production build even when NODE_ENV is unset (React's development build is 10x larger).
  mode: 'production',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', development: false } },
  // React's production build whatever NODE_ENV the builder runs under (vitest sets "test").
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: here('../dist/console'),
    emptyOutDir: true,
    // Monaco and GraphiQL are large; the warning says nothing we can act on.
    chunkSizeWarningLimit: 6_000,
    rollupOptions: {
      input: { console: here('index.html'), graphiql: here('graphiql.html') },
      // React libraries mark modules "use client" for server rendering, which a browser bundle ignores.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
