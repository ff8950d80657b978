// Offers: nothing to import: hub.ts (`npm start`), worker.ts (`npm run worker`), batch.ts (`npm run batch`), migrate.ts (`npm run migrate`) and purge.ts (`npm run purge`) are programs.
// Keeps: runProcess, the signal handling and start-up error messages the two long-lived processes share.
export {};
