import { runCli } from '../cli/index.js';
import { loadConfig } from '../config.js';
import { catalog } from '../catalog/index.js';
import { seedPolicies } from '../regional-policy/index.js';
import { createDb, describeUrl, ensureDatabase, migrateLatest, syncReferenceData } from '../db/index.js';

const HELP = `usage: npm run migrate

Creates the database if it is missing, applies the migrations (migrations/), loads the regions and
the attribute catalogue, and adds the shipped regional policy versions. \`npm start\` does the same
at every start; run it alone before rolling out a new version to several hubs and workers.

configuration (environment): DATABASE_URL (default postgres://postgres@127.0.0.1:5432/verification_hub)

examples:
  npm run migrate
  DATABASE_URL=postgres://hub_owner@db.example:5432/verification_hub npm run migrate

exit codes: 0 up to date; 1 the database could not be reached or a migration failed; 2 bad command line.`;

await runCli({
  name: 'migrate',
  help: HELP,
  options: {},
  async run() {
    const config = loadConfig();
    await ensureDatabase(config.databaseUrl);
    const db = createDb(config.databaseUrl);
    try {
      const applied = await migrateLatest(db);
      const version = await syncReferenceData(db, catalog());
      const policies = await seedPolicies(db);
      console.log(`${describeUrl(config.databaseUrl)}: ${applied.length} migration(s) applied${applied.length ? ` (${applied.join(', ')})` : ''}; catalogue version ${version}; ${policies} new policy version(s)`);
    } finally {
      await db.destroy();
    }
  },
});
