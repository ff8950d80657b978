import { pino, type Logger } from 'pino';
import { maskIdNumbersIn } from '../identity/index.js';
import { traceFields } from './trace-mixin.js';

export type { Logger };

function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskIdNumbersIn(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value instanceof Error) return { type: value.name, message: maskIdNumbersIn(value.message), stack: value.stack && maskIdNumbersIn(value.stack) };
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  }
  return value;
}

/**
 * The process logger (pino: structured JSON, cheap when a level is off). Every log line passes
 * through the ID-number mask, in the message and in every field, so personal data cannot leak
 * by a careless `log.info({ member })`. Lines written inside a traced request or job carry its
 * `traceId` and `spanId` (trace-mixin.ts).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      mixin: traceFields,
      formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map(maskDeep) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
