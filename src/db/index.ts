// Offers: the knex database (create if missing, migrate, drop), transactions (and single statements) that retry deadlock victims, statements of data-modifying CTEs, and the reference data sync.
// Keeps: the connection settings and how the catalogue's content hash is computed.
export { createDb, ensureDatabase, migrateLatest, dropDatabase, describeUrl, DatabaseUnavailableError } from './database.js';
export type { Db } from './database.js';
export { syncReferenceData } from './reference-data.js';
export { inOneStatement, inTransaction } from './transaction.js';
export { withWrites } from './writes.js';
export type { Writes } from './writes.js';
