// Offers: the consents client (`npm run consents -- import FILE`): registers signed consents in bulk through the hub's registerConsents.
// Keeps: reading CSV/JSON Lines consent files, the command line's defaults, document uploads and the per-line retry.
export { runConsentsCli } from './cli.js';
