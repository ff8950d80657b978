// Offers: the batch client (`npm run batch`): streams a CSV or JSON Lines file to the hub's POST /batches and waits for the result.
// Keeps: argument checks, CSV grouping into households, the upload stream, progress bars and the polling.
export { runBatchCli } from './submit.js';
