import { buildConsole, ensureConsoleBuilt } from '../src/console-build/index.js';

/**
 * `npm run build:console` (also run by `npm ci`/`npm install` through `prepare`): builds the web
 * console into dist/console. `--if-stale` (run before `npm start`) builds only when the sources
 * changed since the last build. `--types` regenerates the typed operations in console/src/gql from
 * the schema first (after a schema change or a new operation in a page).
 */
const args = new Set(process.argv.slice(2));
const unknown = [...args].filter((a) => !['--if-stale', '--types'].includes(a));
if (unknown.length > 0) {
  console.error(`build-console: unknown option ${unknown.join(', ')} (known: --if-stale, --types)`);
  process.exit(2);
}
try {
  if (args.has('--types')) {
    // Loaded only here: it builds the server's schema, which a plain build does not need.
    const { writeOperationTypes } = await import('../src/console-types/index.js');
    console.log(`typed operations: ${(await writeOperationTypes()).map((f) => f.path).join(', ')}`);
  }
  if (args.has('--if-stale')) console.log(`console: ${await ensureConsoleBuilt()}`);
  else {
    await buildConsole();
    console.log('console: built');
  }
} catch (err) {
  console.error(`build-console: ${(err as Error).message}`);
  process.exit(1);
}
