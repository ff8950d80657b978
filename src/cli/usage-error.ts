/** A bad command line or an unreadable input file: printed as one line naming the flag or file, exit code 2. */
export class UsageError extends Error {}
