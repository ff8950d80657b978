// Offers: production mode for graphql-js, as an import with an effect (production-mode.ts); nothing else to import: hub.ts (`npm start`), worker.ts (`npm run worker`), batch.ts (`npm run batch`), migrate.ts (`npm run migrate`) purge.ts (`npm run purge`) and rotate-data-key.ts (`npm run rotate-data-key`) are programs.
// Keeps: runProcess, the --help answer, signal handling and start-up error messages the two long-lived processes share; every program's --help and exit codes go through src/cli.
// Imported for its effect alone (bench:read measures the hub as `npm start` runs it).
import './production-mode.js';

export {};
