import { runBatchCli } from '../batch-client/index.js';

// `npm run batch`: an HTTP client of a running hub, so it needs no configuration, database or Redis.
await runBatchCli(process.argv.slice(2));
