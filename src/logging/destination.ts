import type { DestinationStream } from 'pino';
import { build as prettyStream } from 'pino-pretty';

export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Where log lines go: readable lines (pino-pretty, in this thread) for a person at a terminal, one
 * JSON object per line otherwise, for a log collector. `auto` decides by whether stdout is a TTY.
 * Lines are masked before they get here (logger.ts), in either format.
 */
export function logDestination(format: LogFormat, stdout: NodeJS.WriteStream = process.stdout): DestinationStream | undefined {
  const pretty = format === 'pretty' || (format === 'auto' && stdout.isTTY === true);
  if (!pretty) return undefined;
  return prettyStream({ destination: stdout, colorize: stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: false });
}
