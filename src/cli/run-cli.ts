import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

/** The options of one command, as node:util parseArgs takes them. */
export type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What every command shares: its name in messages, its help text, its options and what it does. */
export interface CliSpec<O extends ParseArgsOptionsConfig> {
  /** Prefix of every error line (`token: --org: required`). */
  name: string;
  /** The whole `--help` text: usage lines, what it does, options, examples, exit codes. */
  help: string;
  options: O;
  /** Whether bare arguments (a FILE, a sub-command) are allowed. */
  positionals?: boolean;
  /** Exit code of an error that is not a UsageError; default 1. A checker whose 1 means "invalid" uses 2. */
  exitCodeOf?: (err: unknown) => number;
  run(parsed: { values: ParsedValues<O>; positionals: string[] }): Promise<void>;
}

/** The values parseArgs gives for these options (strings, booleans, their lists). */
export type ParsedValues<O extends ParseArgsOptionsConfig> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? (O[K] extends { multiple: true } ? boolean[] : boolean) : O[K] extends { multiple: true } ? string[] : string;
};

/** `--help` or `-h` anywhere before `--`: answered before anything else is checked, so it works even on a broken command line. */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Runs one command: `--help` prints its help on stdout and exits 0; a bad command line or input
 * (UsageError, or parseArgs naming an unknown option) prints `<name>: <message>` on stderr and
 * exits 2; any other failure prints `<name>: <message>` and exits 1 (or `exitCodeOf`). Exit codes
 * are set, not forced, so whatever is still written to stdout is flushed.
 */
export async function runCli<const O extends ParseArgsOptionsConfig>(spec: CliSpec<O>, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  if (asksForHelp(argv)) {
    process.stdout.write(`${spec.help.trim()}\n`);
    return;
  }
  try {
    await spec.run(parse(spec, argv));
  } catch (err) {
    console.error(`${spec.name}: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = err instanceof UsageError ? 2 : (spec.exitCodeOf?.(err) ?? 1);
  }
}

function parse<O extends ParseArgsOptionsConfig>(spec: CliSpec<O>, argv: readonly string[]): { values: ParsedValues<O>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: spec.options, strict: true, allowPositionals: spec.positionals ?? false });
    return { values: values as ParsedValues<O>, positionals };
  } catch (err) {
    // parseArgs names the option in its message (unknown option, missing value).
    throw new UsageError(`${(err as Error).message} (${spec.name} --help: usage)`);
  }
}
