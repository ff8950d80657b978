import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { createSharedLimits, type SharedSourceLimits } from '../connectors/index.js';

/**
 * bench:shared-limits: Redis commands and round trips per agency call through the shared source
 * limits, and calls per second through one source, with two "processes" (each its own limits and
 * Redis connection, as two hubs would have) sharing one key prefix. Counted on the client: every
 * command ioredis sends (a script's NOSCRIPT fallback included), a pipeline counted as one round
 * trip. Scenarios: one caller, nothing to wait for; `--callers` concurrent callers with a place
 * in flight each; the same callers for 4 places in flight with calls of 5 ms; the same callers
 * held to 200 calls per second.
 */
const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '4' }, callers: { type: 'string', default: '16' } } });
const seconds = Number(args.seconds);
const callers = Number(args.callers);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SOURCE = 'ps_hukou';

interface Counted {
  redis: Redis;
  commands: Map<string, number>;
  roundTrips: number;
}

/** A connection whose commands are counted by name; commands written together (a pipeline) are one round trip. */
function countedRedis(): Counted {
  const redis = new Redis(url);
  const counted: Counted = { redis, commands: new Map(), roundTrips: 0 };
  const pipelines = new WeakSet<object>();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    counted.commands.set(command.name, (counted.commands.get(command.name) ?? 0) + 1);
    if (!stream) counted.roundTrips += 1;
    else if (!pipelines.has(stream)) {
      pipelines.add(stream);
      counted.roundTrips += 1;
    }
    return send(command, stream);
  };
  return counted;
}

interface Run {
  calls: number;
  ms: number;
  commands: Map<string, number>;
  roundTrips: number;
}

/** `callers` loops over `processes` limits for `durationMs` (or until `maxCalls`): acquire, a call of `callMs`, release. */
async function run(opts: { processes: number; callers: number; callsPerSecond: number; inFlight: number; callMs: number; durationMs: number; maxCalls?: number }): Promise<Run> {
  const prefix = `bench-limits-${randomBytes(4).toString('hex')}`;
  const conns = Array.from({ length: opts.processes }, countedRedis);
  const limits: SharedSourceLimits[] = conns.map((c) => createSharedLimits({ redis: c.redis, prefix, callsPerSecond: opts.callsPerSecond, inFlight: opts.inFlight }));
  // Warm up: each connection loads its scripts (the first use sends the text once).
  for (const l of limits) await (await l.acquire(SOURCE, AbortSignal.timeout(5_000)))();
  for (const c of conns) {
    c.commands.clear();
    c.roundTrips = 0;
  }
  let calls = 0;
  const started = performance.now();
  const end = started + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.callers }, async (_, i) => {
      const limit = limits[i % limits.length]!;
      while (performance.now() < end && (opts.maxCalls === undefined || calls < opts.maxCalls)) {
        const release = await limit.acquire(SOURCE, AbortSignal.timeout(opts.durationMs + 10_000));
        await new Promise((r) => (opts.callMs > 0 ? setTimeout(r, opts.callMs) : setImmediate(r)));
        calls += 1;
        await release();
      }
    }),
  );
  const ms = performance.now() - started;
  const commands = new Map<string, number>();
  for (const c of conns) for (const [name, n] of c.commands) commands.set(name, (commands.get(name) ?? 0) + n);
  const roundTrips = conns.reduce((n, c) => n + c.roundTrips, 0);
  const keys = await conns[0]!.redis.keys(`${prefix}:*`);
  if (keys.length) await conns[0]!.redis.del(...keys);
  for (const c of conns) c.redis.disconnect();
  return { calls, ms, commands, roundTrips };
}

function report(title: string, r: Run, ideal?: number): void {
  const total = [...r.commands.values()].reduce((a, b) => a + b, 0);
  const byName = [...r.commands].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${(n / r.calls).toFixed(2)}`).join(', ');
  const rate = (r.calls / r.ms) * 1000;
  console.log(`${title}`);
  console.log(`  calls: ${r.calls} in ${(r.ms / 1000).toFixed(2)} s = ${rate.toFixed(0)} calls/s${ideal ? ` (limit ${ideal}/s)` : ''}`);
  console.log(`  per call: ${(total / r.calls).toFixed(2)} Redis commands (${byName}), ${(r.roundTrips / r.calls).toFixed(2)} round trips`);
}

console.log(`bench:shared-limits  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  ${Math.round(totalmem() / 2 ** 30)} GiB`);
console.log(`one source, 2 processes sharing it through ${url}, ${seconds} s per scenario`);
const durationMs = seconds * 1000;
report('1 caller, nothing to wait for (rate 1,000,000/s, 16 in flight):', await run({ processes: 1, callers: 1, callsPerSecond: 1_000_000, inFlight: 16, callMs: 0, durationMs }));
report(`${callers} callers, a place in flight each (rate 1,000,000/s, ${callers} in flight):`, await run({ processes: 2, callers, callsPerSecond: 1_000_000, inFlight: callers, callMs: 0, durationMs }));
report(`${callers} callers, 4 in flight, calls of 5 ms (ideal 800 calls/s):`, await run({ processes: 2, callers, callsPerSecond: 1_000_000, inFlight: 4, callMs: 5, durationMs }));
report(`${callers} callers held to 200 calls/s (${callers} in flight):`, await run({ processes: 2, callers, callsPerSecond: 200, inFlight: callers, callMs: 0, durationMs }), 200);
