import { ConfigError, loadConfig } from '../config.js';
import { createDb, describeUrl } from '../db/index.js';
import { purgeExpired } from '../retention/index.js';

/**
 * `npm run purge`: applies the retention policies in force today (docs/AUDIT.md, encryption at rest
 * and retention); meant for a daily schedule (cron or a systemd timer). Acts as DATABASE_ROLE, like
 * the hub; needs no key: it removes sealed values without opening them.
 */
async function run(): Promise<void> {
  const config = loadConfig();
  const db = createDb(config.databaseUrl, undefined, config.databaseRole);
  try {
    const purged = await purgeExpired(db);
    console.log(`${describeUrl(config.databaseUrl)}: purged ${purged.persons} person(s) named only in refused requests and ${purged.reports} report(s) past their retention period; each purge audited as retention.purge`);
  } finally {
    await db.destroy();
  }
}

run().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
});
