import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyPools, createConnectors, createSharedLimits, type ConnectorSet } from '../../connectors/index.js';
import type { Sandbox } from '../../connectors/sandbox/index.js';
import { catalog } from '../../src/catalog/index.js';
import { startTestSandbox } from '../kit/index.js';

let sandbox: Sandbox;
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const pools: AgencyPools[] = [];
const RESILIENCE = { timeoutMs: 5_000, retries: 0, concurrency: 50, breakerThreshold: 50, breakerHalfOpenMs: 1_000 };

/** One "process": its own connection pools and connectors, the limits shared through Redis. */
function processWithLimits(prefix: string, callsPerSecond: number, inFlight: number): ConnectorSet {
  const p = new AgencyPools();
  pools.push(p);
  const shared = createSharedLimits({ redis, prefix, callsPerSecond, inFlight });
  return createConnectors(catalog(), { baseUrl: sandbox.url, pools: p, resilience: RESILIENCE, shared, only: ['ps_hukou'] });
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await sandbox?.close();
  redis.disconnect();
});

const someone = () => sandbox.population.households[0]!.members[0]!.idNumber;

describe('limits shared by every process calling a source', () => {
  it('holds the calls per second across two processes', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const [a, b] = [processWithLimits(prefix, 5, 100), processWithLimits(prefix, 5, 100)];
    sandbox.resetStats();
    const started = Date.now();
    await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).get('ps_hukou')!.fetch([someone()], ['ps_hukou.name'])));
    // 16 calls at 5 per second between them: the last ones wait at least 2 more seconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(sandbox.stats().ps_hukou!.calls).toBe(16);
  });

  it('holds the calls in flight across two processes', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const [a, b] = [processWithLimits(prefix, 1_000, 2), processWithLimits(prefix, 1_000, 2)];
    sandbox.setBehaviour('ps_hukou', { latencyMs: 300 });
    try {
      const started = Date.now();
      await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).get('ps_hukou')!.fetch([someone()], ['ps_hukou.name'])));
      // Two at a time, 300 ms each: three rounds at least.
      expect(Date.now() - started).toBeGreaterThanOrEqual(850);
    } finally {
      sandbox.setBehaviour('ps_hukou', { latencyMs: 0 });
    }
  });

  it('keeps a call that outlives its lease counted until it ends, then lets the next one in', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const one = createSharedLimits({ redis, prefix, callsPerSecond: 100, inFlight: 1, slotLeaseSeconds: 1 });
    const other = createSharedLimits({ redis, prefix, callsPerSecond: 100, inFlight: 1, slotLeaseSeconds: 1 });
    const release = await one.acquire('ps_hukou', AbortSignal.timeout(1_000));
    // Three leases long: the running call renews its lease, so the other process still waits.
    await expect(other.acquire('ps_hukou', AbortSignal.timeout(3_000))).rejects.toThrow();
    await release();
    const started = Date.now();
    await (await other.acquire('ps_hukou', AbortSignal.timeout(1_000)))();
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('makes a call that was waiting for its place in flight wait out a 429 that came meanwhile', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const one = createSharedLimits({ redis, prefix, callsPerSecond: 100, inFlight: 1 });
    const other = createSharedLimits({ redis, prefix, callsPerSecond: 100, inFlight: 1 });
    const release = await one.acquire('ps_hukou', AbortSignal.timeout(1_000));
    const waiting = other.acquire('ps_hukou', AbortSignal.timeout(5_000));
    // The other call has its slot by now and waits for the place in flight.
    await new Promise((r) => setTimeout(r, 150));
    await one.holdOff('ps_hukou', 1_500);
    const heldAt = Date.now();
    await release();
    await (await waiting)();
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(1_400);
  });

  it('holds every process off a source after one of them is told 429', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const one = createSharedLimits({ redis, prefix, callsPerSecond: 100, inFlight: 10 });
    const other = createSharedLimits({ redis, prefix, callsPerSecond: 100, inFlight: 10 });
    await one.holdOff('ps_hukou', 1_500);
    const started = Date.now();
    const release = await other.acquire('ps_hukou', AbortSignal.timeout(5_000));
    await release();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('admits a call with nothing to wait for in one Redis command that also frees the call before, sending the script text once', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const counted = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    // Connected first: the connection's own handshake is not the limits' doing.
    await counted.ping();
    // Commands kept, not names: ioredis turns an EVALSHA into EVAL as it writes it when the socket lacks the script.
    const sent: { name: string }[] = [];
    const send = counted.sendCommand.bind(counted);
    counted.sendCommand = (command, stream) => {
      sent.push(command);
      return send(command, stream);
    };
    try {
      const limits = createSharedLimits({ redis: counted, prefix, callsPerSecond: 1_000_000, inFlight: 1 });
      for (let i = 0; i < 3; i += 1) {
        const before = sent.length;
        // One place in flight: each admission must free the call before to get it.
        const release = await limits.acquire('ps_hukou', AbortSignal.timeout(1_000));
        expect(sent.length - before).toBe(1);
        await release();
      }
      // The last call's place, carried by no admission, is freed alone a moment later.
      await new Promise((r) => setTimeout(r, 20));
      expect(sent.map((c) => c.name)).toEqual(['eval', 'evalsha', 'evalsha', 'evalsha']);
      expect(await redis.zcard(`${prefix}:source-leases:ps_hukou`)).toBe(0);
    } finally {
      counted.disconnect();
    }
  });

  it('admits the calls asked for together in one Redis command', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const counted = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await counted.ping();
    let sent = 0;
    const send = counted.sendCommand.bind(counted);
    counted.sendCommand = (command, stream) => {
      sent += 1;
      return send(command, stream);
    };
    try {
      const limits = createSharedLimits({ redis: counted, prefix, callsPerSecond: 1_000_000, inFlight: 10 });
      const sources = ['ps_hukou', 'tax_income', 'hrss_pension', 'cb_vehicle'];
      const releases = await Promise.all(sources.map((s) => limits.acquire(s, AbortSignal.timeout(1_000))));
      expect(sent).toBe(1);
      for (const s of sources) expect(await redis.zcard(`${prefix}:source-leases:${s}`)).toBe(1);
      await Promise.all(releases.map((r) => r()));
      await new Promise((r) => setTimeout(r, 20));
      expect(sent).toBe(2);
      for (const s of sources) expect(await redis.zcard(`${prefix}:source-leases:${s}`)).toBe(0);
    } finally {
      counted.disconnect();
    }
  });

  it('gives the place of a process killed mid-call back when its lease runs out', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const dying = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const killed = createSharedLimits({ redis: dying, prefix, callsPerSecond: 100, inFlight: 1, slotLeaseSeconds: 1 });
    const other = createSharedLimits({ redis, prefix, callsPerSecond: 100, inFlight: 1, slotLeaseSeconds: 1 });
    await killed.acquire('ps_hukou', AbortSignal.timeout(1_000));
    // The process goes away without freeing its place: its lease is no longer renewed.
    dying.disconnect();
    const started = Date.now();
    await (await other.acquire('ps_hukou', AbortSignal.timeout(3_000)))();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(800);
    expect(waited).toBeLessThan(2_000);
  });

  it('makes a call that already reserved its slot wait out a 429 that came before the slot', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const one = createSharedLimits({ redis, prefix, callsPerSecond: 2, inFlight: 10 });
    const other = createSharedLimits({ redis, prefix, callsPerSecond: 2, inFlight: 10 });
    await (await one.acquire('ps_hukou', AbortSignal.timeout(1_000)))();
    // Reserves the slot 500 ms on, then sleeps until it.
    const waiting = other.acquire('ps_hukou', AbortSignal.timeout(5_000));
    await new Promise((r) => setTimeout(r, 100));
    await one.holdOff('ps_hukou', 1_500);
    const heldAt = Date.now();
    await (await waiting)();
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(1_400);
  });

  it('spaces the calls of many processes by one shared rate', async () => {
    const prefix = `test-limits-${randomBytes(4).toString('hex')}`;
    const processes = Array.from({ length: 4 }, () => createSharedLimits({ redis, prefix, callsPerSecond: 20, inFlight: 100 }));
    const admitted: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const release = await processes[i % 4]!.acquire('ps_hukou', AbortSignal.timeout(5_000));
        admitted.push(performance.now());
        await release();
      }),
    );
    admitted.sort((a, b) => a - b);
    // 20 per second is one call each 50 ms: any ten in a row span at least nine slots (timers' slack allowed).
    for (let i = 0; i + 9 < admitted.length; i += 1) expect(admitted[i + 9]! - admitted[i]!).toBeGreaterThanOrEqual(9 * 50 - 25);
    expect(admitted.at(-1)! - admitted[0]!).toBeGreaterThanOrEqual(29 * 50 - 25);
  });
});
