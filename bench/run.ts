import { readdirSync } from 'node:fs';

/** `npm run bench <name> [-- args]`: runs bench/<name>.ts (e.g. `npm run bench verify -- --count 500`). */
const available = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && !['run.ts', 'sandbox-process.ts', 'sandbox-process-client.ts', 'audit-append-worker.ts', 'consents.ts', 'isolation.ts', 'households.ts', 'sandbox-reports.ts'].includes(f)).map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench <name> -- [options]; benchmarks: ${available.join(', ')}`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(`./${name}.ts`);
