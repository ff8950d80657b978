// Offers: the batch client (`npm run batch`): streams a CSV or JSON Lines file to the hub's POST /batches and waits for the result; and its CSV/.xlsx-to-households conversion (tableBody), which POST /batches also runs on a CSV or .xlsx body.
// Keeps: argument checks, CSV grouping into households, the upload stream, progress bars and the polling.
export { runBatchCli } from './submit.js';
// The hub's POST /batches reads a CSV or .xlsx body (the console's uploads) with the same conversion as the CLI.
export { tableBody, tableProblem } from './csv-body.js';
export { newReadState } from './rejections.js';
export type { ReadState } from './rejections.js';
