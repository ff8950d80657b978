import { runCli } from '../cli/index.js';
import { loadConfig } from '../config.js';
import { resolveKek, rewrapDataKeys, rotateDataKey } from '../data-protection/index.js';
import { createDb, describeUrl } from '../db/index.js';

const HELP = `usage: npm run -s rotate-data-key [-- --new-kek-file FILE]

Without options: makes a new data key for personal data sealed from now on (hubs and workers take
it at their next start). With --new-kek-file: re-wraps every data key under the key-encryption key
in FILE instead; then restart every hub and worker with DATA_KEK_FILE=FILE (docs/AUDIT.md, rotation).
The current key-encryption key comes from DATA_KEK or DATA_KEK_FILE (never from the command line).

options:
  --new-kek-file FILE   a file holding the new key-encryption key (base64 of 32 random bytes)
  -h, --help            this text

examples:
  npm run -s rotate-data-key
  openssl rand -base64 32 > /etc/hub/kek-2027 && chmod 600 /etc/hub/kek-2027
  DATA_KEK_FILE=/etc/hub/kek-2026 npm run -s rotate-data-key -- --new-kek-file /etc/hub/kek-2027

exit codes: 0 done; 1 failed (wrong key, database unreachable); 2 bad command line.`;

await runCli({
  name: 'rotate-data-key',
  help: HELP,
  options: { 'new-kek-file': { type: 'string' } },
  async run({ values }) {
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
  },
});
