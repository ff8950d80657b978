// Offers: progressBar and countingBytes (progress on stderr when it is a terminal), runCli (one command's --help, exit codes and error lines, over node:util parseArgs), UsageError, readSecret (a token from a file or the environment, never only from the command line).
// Keeps: how help is detected and how errors become exit codes.
export { asksForHelp, runCli } from './run-cli.js';
export type { CliSpec, ParsedValues } from './run-cli.js';
export { readSecret } from './secret.js';
export type { SecretSources } from './secret.js';
export { UsageError } from './usage-error.js';
export { countingBytes, progressBar } from './progress.js';
export type { ProgressBar } from './progress.js';
