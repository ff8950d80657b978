import { runCli } from '../cli/index.js';
import { loadConfig } from '../config.js';
import { createDb, describeUrl } from '../db/index.js';
import { purgeExpired } from '../retention/index.js';

const HELP = `usage: npm run -s purge

Applies the retention policies in force today (docs/AUDIT.md, encryption at rest and retention):
removes persons named only in refused requests and report bodies (with declarations, batch inputs
and change details) past their retention period; each purge is audited as retention.purge. Acts
as DATABASE_ROLE, like the hub; needs no key: it removes sealed values without opening them.
Meant for a daily schedule.

configuration (environment): DATABASE_URL, DATABASE_ROLE (default hub_app)

examples:
  npm run -s purge
  # crontab: every night at 03:30
  30 3 * * * cd /srv/hub && npm run -s purge >> /var/log/hub-purge.log 2>&1

exit codes: 0 done; 1 failed; 2 bad command line.`;

await runCli({
  name: 'purge',
  help: HELP,
  options: {},
  async run() {
    const config = loadConfig();
    const db = createDb(config.databaseUrl, undefined, config.databaseRole);
    try {
      const purged = await purgeExpired(db);
      console.log(`${describeUrl(config.databaseUrl)}: purged ${purged.persons} person(s) named only in refused requests and ${purged.reports} report(s) past their retention period; each purge audited as retention.purge`);
    } finally {
      await db.destroy();
    }
  },
});
