import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { resolveKek, rewrapDataKeys, rotateDataKey } from '../data-protection/index.js';
import { createDb, describeUrl } from '../db/index.js';

/**
 * `npm run rotate-data-key`: a new data key for what is sealed from now on (hubs take it at their
 * next start). `-- --new-kek-file FILE`: re-wraps every data key under the key in FILE instead;
 * then restart every hub and worker with DATA_KEK_FILE=FILE (docs/AUDIT.md, rotation).
 */
async function run(): Promise<void> {
  const { values } = parseArgs({ options: { 'new-kek-file': { type: 'string' } }, strict: true });
  const config = loadConfig();
  const kek = await resolveKek(config.dataKek);
  const db = createDb(config.databaseUrl, undefined, config.databaseRole);
  try {
    const file = values['new-kek-file'];
    if (file === undefined) {
      console.log(`${describeUrl(config.databaseUrl)}: data key ${await rotateDataKey(db, kek)} is current; restart the hubs and workers to seal with it`);
    } else {
      const next = await resolveKek({ kind: 'file', file });
      console.log(`${describeUrl(config.databaseUrl)}: ${await rewrapDataKeys(db, kek, next)} key(s) re-wrapped; restart every hub and worker with DATA_KEK_FILE=${file}`);
    }
  } finally {
    await db.destroy();
  }
}

run().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
});
