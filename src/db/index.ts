export { createDb, ensureDatabase, migrateLatest, dropDatabase, describeUrl, DatabaseUnavailableError } from './database.js';
export type { Db } from './database.js';
export { syncReferenceData, catalogHash } from './reference-data.js';
export { inTransaction } from './transaction.js';
