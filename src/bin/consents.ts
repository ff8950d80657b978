import { runConsentsCli } from '../consent-client/index.js';

// `npm run consents`: an HTTP client of a running hub, so it needs no configuration, database or Redis.
await runConsentsCli(process.argv.slice(2));
