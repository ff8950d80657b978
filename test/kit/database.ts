import { randomBytes } from 'node:crypto';
import { catalog } from '../../src/catalog/index.js';
import { openDataKeys, useDataKeys } from '../../src/data-protection/index.js';
import { seedPolicies } from '../../src/regional-policy/index.js';
import { createDb, dropDatabase, ensureDatabase, migrateLatest, syncReferenceData, type Db } from '../../src/db/index.js';

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A database of its own for one test file: created, migrated and dropped again, so files run in parallel. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const url = `${SERVER}/hub_test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(url);
  const db = createDb(url, { min: 0, max: 4 });
  if (options.migrate !== false) {
    await migrateLatest(db);
    await syncReferenceData(db, catalog());
    await seedPolicies(db);
    // Personal data is sealed: the stores need the database's data keys (under a throwaway KEK).
    useDataKeys(db, await openDataKeys(db, { key: randomBytes(32), from: 'test' }));
  }
  return {
    url,
    db,
    drop: async () => {
      await db.destroy();
      await dropDatabase(url);
    },
  };
}
