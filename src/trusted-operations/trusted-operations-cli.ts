import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { collectOperations } from './collect.js';

/**
 * `npm run -s trusted-operations -- <files or directories of .graphql> [--out manifest.json]`:
 * writes the manifest of an assistance system's operations (Apollo's persisted query manifest
 * format) to --out, or to standard output. The hub reads such manifests from
 * TRUSTED_OPERATIONS_MANIFESTS; clients send each operation's body, or its id by
 * extensions.persistedQuery.sha256Hash (docs/FEDERATION.md).
 */
const USAGE = 'usage: npm run -s trusted-operations -- <file.graphql | directory>... [--out manifest.json]';
const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
if (values.help || positionals.length === 0) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}
try {
  const manifest = collectOperations(positionals);
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  if (values.out) {
    writeFileSync(values.out, json);
    console.error(`${values.out}: ${manifest.operations.length} operation(s): ${manifest.operations.map((o) => o.name).join(', ')}`);
  } else process.stdout.write(json);
} catch (err) {
  console.error(`trusted-operations: ${(err as Error).message}`);
  process.exit(1);
}
