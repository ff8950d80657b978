import { parseArgs } from 'node:util';
import { reportKeysDir, rotateReportKey } from './index.js';

/**
 * `npm run -s rotate-report-key [-- --dir DIR]`: makes a new active report signing key; the old
 * public keys stay in jwks.json so every report signed before stays verifiable. Running hubs
 * pick the new key up when they restart. Prints the new key id only.
 */
try {
  const { values } = parseArgs({ options: { dir: { type: 'string' } }, strict: true });
  console.log(await rotateReportKey(values.dir ?? reportKeysDir()));
} catch (err) {
  console.error(`rotate-report-key: ${(err as Error).message}`);
  process.exit(2);
}
