import { fileURLToPath } from 'node:url';

/** The console's sources (a vite project of its own: console/README in docs/CONSOLE.md). */
export const CONSOLE_SOURCE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));
/** Where vite writes the built console (git-ignored; served by the hub under /console and /graphiql). */
export const CONSOLE_DIST_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));
/** The typed operations generated from the schema, checked in (console/src/gql). */
export const OPERATION_TYPES_DIR = fileURLToPath(new URL('../../console/src/gql/', import.meta.url));
/** The lock file: a dependency upgrade changes the build as much as a source edit does. */
export const LOCK_FILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));
