import { runCli } from '../cli/index.js';
import { reportKeysDir, rotateReportKey } from './index.js';

const HELP = `usage: npm run -s rotate-report-key [-- --dir DIR]

Makes a new active report signing key (ES256) and prints its key id, nothing else. The old
public keys stay in jwks.json, so every report signed before stays verifiable. Running hubs
pick the new key up when they restart.

options:
  --dir DIR     the key ring (default REPORT_KEYS_DIR, .data/report-keys)
  -h, --help    this text

examples:
  npm run -s rotate-report-key
  KID=$(npm run -s rotate-report-key -- --dir /srv/hub/report-keys)

exit codes: 0 rotated; 2 bad command line; 1 the key ring could not be read or written.`;

await runCli({
  name: 'rotate-report-key',
  help: HELP,
  options: { dir: { type: 'string' } },
  async run({ values }) {
    console.log(await rotateReportKey(values.dir ?? reportKeysDir()));
  },
});
