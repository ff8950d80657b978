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
 * held to 200 calls per second; the same callers asking 62 sources at once as a verification
 * does, under limits they do not reach and under the hub's default limits, which they do.
 */
const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '4' }, callers: { type: 'string', default: '16' } } });
const seconds = Number(args.seconds);
const callers = Number(args.callers);
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

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
  /** This process's CPU (both "processes" and the simulated calls), µs. */
  cpuUs: number;
  commands: Map<string, number>;
  roundTrips: number;
}

/**
 * `callers` loops over `processes` limits for `durationMs`: acquire a place at each of `sources`
 * sources at once (as a verification asks its sources), a call of `callMs`, release.
 */
async function run(opts: { processes: number; callers: number; sources: number; callsPerSecond: number; inFlight: number; callMs: number; durationMs: number }): Promise<Run> {
  const sources = Array.from({ length: opts.sources }, (_, i) => `source-${i}`);
  const prefix = `bench-limits-${randomBytes(4).toString('hex')}`;
  const conns = Array.from({ length: opts.processes }, countedRedis);
  const limits: SharedSourceLimits[] = conns.map((c) => createSharedLimits({ redis: c.redis, prefix, callsPerSecond: opts.callsPerSecond, inFlight: opts.inFlight }));
  // Warm up: each connection loads its scripts (the first use sends the text once).
  for (const l of limits) await (await l.acquire(sources[0]!, AbortSignal.timeout(5_000)))();
  for (const c of conns) {
    c.commands.clear();
    c.roundTrips = 0;
  }
  let calls = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.callers }, async (_, i) => {
      const limit = limits[i % limits.length]!;
      while (performance.now() < end) {
        const releases = await Promise.all(sources.map((s) => limit.acquire(s, AbortSignal.timeout(opts.durationMs + 10_000))));
        await new Promise((r) => (opts.callMs > 0 ? setTimeout(r, opts.callMs) : setImmediate(r)));
        calls += sources.length;
        await Promise.all(releases.map((release) => release()));
      }
    }),
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const commands = new Map<string, number>();
  for (const c of conns) for (const [name, n] of c.commands) commands.set(name, (commands.get(name) ?? 0) + n);
  const roundTrips = conns.reduce((n, c) => n + c.roundTrips, 0);
  const keys = await conns[0]!.redis.keys(`${prefix}:*`);
  if (keys.length) await conns[0]!.redis.del(...keys);
  // The places freed last go at the next turn of the event loop.
  await new Promise((r) => setTimeout(r, 20));
  for (const c of conns) c.redis.disconnect();
  return { calls, ms, cpuUs: used.user + used.system, commands, roundTrips };
}

function report(title: string, r: Run, ideal?: number): void {
  const total = [...r.commands.values()].reduce((a, b) => a + b, 0);
  const byName = [...r.commands].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${(n / r.calls).toFixed(2)}`).join(', ');
  const rate = (r.calls / r.ms) * 1000;
  console.log(`${title}`);
  console.log(`  calls: ${r.calls} in ${(r.ms / 1000).toFixed(2)} s = ${rate.toFixed(0)} calls/s${ideal ? ` (limit ${ideal}/s)` : ''}`);
  console.log(`  per call: ${(total / r.calls).toFixed(2)} Redis commands (${byName}), ${(r.roundTrips / r.calls).toFixed(2)} round trips, ${(r.cpuUs / r.calls).toFixed(0)} µs of CPU`);
}

console.log(`bench:shared-limits  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  ${Math.round(totalmem() / 2 ** 30)} GiB`);
console.log(`2 processes sharing the limits through ${url}, ${seconds} s per scenario`);
const durationMs = seconds * 1000;
const base = { processes: 2, callers, sources: 1, callsPerSecond: 1_000_000, inFlight: callers, callMs: 0, durationMs };
report('1 caller, nothing to wait for (rate 1,000,000/s, 16 in flight):', await run({ ...base, processes: 1, callers: 1, inFlight: 16 }));
report(`${callers} callers, a place in flight each (rate 1,000,000/s, ${callers} in flight):`, await run(base));
report(`${callers} callers, 4 in flight, calls of 5 ms (ideal 800 calls/s):`, await run({ ...base, inFlight: 4, callMs: 5 }));
report(`${callers} callers held to 200 calls/s (${callers} in flight):`, await run({ ...base, callsPerSecond: 200 }), 200);
report(`${callers} callers each asking 62 sources at once, calls of 5 ms (1,000/s and 32 in flight per source):`, await run({ ...base, sources: 62, callsPerSecond: 1_000, inFlight: 32, callMs: 5 }));
report(`the same held to the hub's default limits (100/s and 32 in flight per source):`, await run({ ...base, sources: 62, callsPerSecond: 100, inFlight: 32, callMs: 5 }), 6_200);
