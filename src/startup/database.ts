import type { Catalog } from '../catalog/index.js';
import type { Config } from '../config.js';
import { createDb, describeUrl, ensureDatabase, migrateLatest, syncReferenceData, type Db } from '../db/index.js';
import type { Logger } from '../logging/index.js';
import { seedPolicies } from '../regional-policy/index.js';

/**
 * The database, made ready with the login user's rights (created if missing, migrated, reference
 * data synced), then opened for the hub's work as DATABASE_ROLE, which may append to the audit log
 * but never change it (docs/AUDIT.md).
 */
export async function openDatabase(config: Config, cat: Catalog, logger: Logger): Promise<{ db: Db; catalogVersion: number }> {
  await ensureDatabase(config.databaseUrl);
  const owner = createDb(config.databaseUrl, { min: 0, max: 2 });
  try {
    const applied = await migrateLatest(owner);
    const catalogVersion = await syncReferenceData(owner, cat);
    await seedPolicies(owner);
    logger.info({ database: describeUrl(config.databaseUrl), migrationsApplied: applied, catalogVersion, actingAs: config.databaseRole }, 'database ready');
    return { db: createDb(config.databaseUrl, undefined, config.databaseRole), catalogVersion };
  } finally {
    await owner.destroy();
  }
}
