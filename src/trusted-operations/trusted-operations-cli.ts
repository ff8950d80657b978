import { writeFileSync } from 'node:fs';
import { runCli, UsageError } from '../cli/index.js';
import { collectOperations } from './collect.js';

const HELP = `usage: npm run -s trusted-operations -- <file.graphql | directory>... [--out manifest.json]

Writes the manifest of an assistance system's operations (Apollo's persisted query manifest
format) to --out, or to standard output. The hub reads such manifests from
TRUSTED_OPERATIONS_MANIFESTS; clients send each operation's body, or its id by
extensions.persistedQuery.sha256Hash (docs/FEDERATION.md).

options:
  -o, --out FILE   where to write the manifest (default: standard output)
  -h, --help       this text

examples:
  npm run -s trusted-operations -- examples/assistance-platform/operations > manifest.json
  npm run -s trusted-operations -- queries/ mutations/report.graphql --out /etc/hub/platform-manifest.json

exit codes: 0 written; 1 an operation could not be read or parsed; 2 bad command line.`;

await runCli({
  name: 'trusted-operations',
  help: HELP,
  options: { out: { type: 'string', short: 'o' } },
  positionals: true,
  async run({ values, positionals }) {
    if (positionals.length === 0) throw new UsageError('one or more .graphql files or directories are required (trusted-operations --help: usage)');
    const manifest = collectOperations(positionals);
    const json = `${JSON.stringify(manifest, null, 2)}\n`;
    if (values.out) {
      writeFileSync(values.out, json);
      console.error(`${values.out}: ${manifest.operations.length} operation(s): ${manifest.operations.map((o) => o.name).join(', ')}`);
    } else process.stdout.write(json);
  },
});
