/** A line of the file the client or the hub rejected, and why. */
export interface Rejected {
  line: number;
  reason: string;
  /** A stable code when one names the refusal (ID_NUMBER_SCIENTIFIC_NOTATION). */
  code?: string;
}

// A bad command line or input file: one line, exit code 2 (the one UsageError of every command, src/cli).
export { UsageError } from '../cli/index.js';

/** The hub refused or failed: one line with its message, exit code 1. */
export class ServerError extends Error {
  constructor(
    message: string,
    /** Lines the hub rejected before it refused the whole upload (none when refused early). */
    readonly rejected: Rejected[] = [],
    readonly rejectedCount = 0,
  ) {
    super(message);
  }
}
