import { ConfigError, loadConfig } from '../config.js';
import { catalog } from '../catalog/index.js';
import { seedPolicies } from '../regional-policy/index.js';
import { createDb, describeUrl, ensureDatabase, migrateLatest, syncReferenceData } from '../db/index.js';

/** `npm run migrate`: create the database if missing, apply migrations, sync reference data. */
async function run(): Promise<void> {
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
}

run().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
});
