import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createPendingQueue, startPendingWorker } from '../../jobs/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createInProcessScheduler, FIRST_STEP_MS, type PendingGroup, type PendingScheduler, type PollGroup } from '../../src/pending/index.js';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));

/** One adapter under test: a scheduler that runs `poll` for the groups it is given. */
type Factory = (poll: PollGroup) => PendingScheduler;

const adapters: [string, Factory][] = [
  ['in-process timers', (poll) => createInProcessScheduler(poll, quiet)],
  [
    'BullMQ delayed jobs',
    (poll) => {
      const conn = { redisUrl: 'redis://127.0.0.1:6379', prefix: `test-pending-${randomBytes(4).toString('hex')}` };
      const queue = createPendingQueue(conn);
      const worker = startPendingWorker({ ...conn, poll, logger: quiet, concurrency: 2 });
      return {
        schedule: (group) => queue.schedule(group),
        close: async () => {
          await worker.close();
          await queue.close();
        },
      };
    },
  ],
];

const ticket = (n: number) => ({ source: 'bank_icbc', ticket: `T${n}` });

function group(overrides: Partial<PendingGroup> = {}): PendingGroup {
  const now = Date.now();
  return { key: randomBytes(8).toString('hex'), tickets: [ticket(1), ticket(2)], reportIds: ['r1'], firstPollAt: now + 100, giveUpAt: now + 60_000, ...overrides };
}

/**
 * A fake agency behind a PollGroup: each ticket answers on the round its script says (never, if
 * absent); at the give-up time every open ticket is settled. Every round is recorded.
 */
function agency(answersOnRound: Record<string, number>) {
  const calls: { at: number; tickets: string[] }[] = [];
  const applied = new Map<string, number>();
  const poll: PollGroup = async (g) => {
    calls.push({ at: Date.now(), tickets: g.tickets.map((t) => t.ticket) });
    const late = Date.now() >= g.giveUpAt;
    const open = late ? [] : g.tickets.filter((t) => (answersOnRound[t.ticket] ?? Infinity) > calls.length);
    for (const t of g.tickets) if (!open.includes(t)) applied.set(t.ticket, (applied.get(t.ticket) ?? 0) + 1);
    return open;
  };
  return { poll, calls, applied };
}

const settledWithin = async (what: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!what() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return what();
};

describe.each(adapters)('pending-source scheduler: %s', (_name, factory) => {
  let scheduler: PendingScheduler | null = null;
  afterEach(async () => {
    await scheduler?.close();
    scheduler = null;
  });

  it('polls a group first when the agencies said it would be ready, not before', async () => {
    const a = agency({ T1: 1, T2: 1 });
    scheduler = factory(a.poll);
    const g = group({ firstPollAt: Date.now() + 400 });
    await scheduler.schedule(g);
    expect(await settledWithin(() => a.calls.length === 1, 5_000)).toBe(true);
    expect(a.calls[0]!.at).toBeGreaterThanOrEqual(g.firstPollAt - 5);
  });

  it('backs off with doubling waits while tickets stay open', async () => {
    const a = agency({ T1: 4, T2: 4 });
    scheduler = factory(a.poll);
    await scheduler.schedule(group());
    expect(await settledWithin(() => a.calls.length === 4, 15_000)).toBe(true);
    const waits = a.calls.slice(1).map((c, i) => c.at - a.calls[i]!.at);
    // 500, 1000, 2000 ms: each at least the step, each step twice the last (scheduling jitter allowed).
    expect(waits[0]).toBeGreaterThanOrEqual(FIRST_STEP_MS - 5);
    expect(waits[1]).toBeGreaterThanOrEqual(2 * FIRST_STEP_MS - 5);
    expect(waits[2]).toBeGreaterThanOrEqual(4 * FIRST_STEP_MS - 5);
    // Lower bounds only: a loaded machine may delay a round, never bring one forward.
    expect(waits[2]).toBeGreaterThan(waits[0]!);
  });

  it('gives up at the deadline: one round at the give-up time settles the group, then no more rounds', async () => {
    const a = agency({});
    scheduler = factory(a.poll);
    const g = group({ giveUpAt: Date.now() + 1_200 });
    await scheduler.schedule(g);
    expect(await settledWithin(() => a.calls.some((c) => c.at >= g.giveUpAt), 6_000)).toBe(true);
    const last = a.calls.at(-1)!;
    // Never waits past the deadline by a whole step: the wait is cut short at the give-up time.
    expect(last.at - g.giveUpAt).toBeLessThan(2 * FIRST_STEP_MS);
    const rounds = a.calls.length;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(a.calls.length).toBe(rounds);
  });

  it('passes each round only the tickets still open, so every answer is applied once', async () => {
    const a = agency({ T1: 1, T2: 2, T3: 3 });
    scheduler = factory(a.poll);
    await scheduler.schedule(group({ tickets: [ticket(1), ticket(2), ticket(3)] }));
    expect(await settledWithin(() => a.calls.length === 3, 8_000)).toBe(true);
    expect(a.calls.map((c) => c.tickets)).toEqual([['T1', 'T2', 'T3'], ['T2', 'T3'], ['T3']]);
    expect(Object.fromEntries(a.applied)).toEqual({ T1: 1, T2: 1, T3: 1 });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(a.calls).toHaveLength(3);
  });

  it('tries a failed round again after the next wait, never in a busy loop, also past the give-up time', async () => {
    const calls: number[] = [];
    let failing = true;
    scheduler = factory(async (g) => {
      calls.push(Date.now());
      if (failing) throw new Error('database unavailable');
      return Date.now() >= g.giveUpAt ? [] : g.tickets;
    });
    const g = group({ firstPollAt: Date.now(), giveUpAt: Date.now() + 300 });
    await scheduler.schedule(g);
    await new Promise((r) => setTimeout(r, 2_600));
    // Rounds at about 0, 300 (cut short at the give-up time), then 1,000 and 2,000 ms apart: a handful, not hundreds.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(5);
    for (const [i, at] of calls.slice(1).entries()) expect(at - calls[i]!).toBeGreaterThanOrEqual(250);
    // Once a round succeeds (past the give-up time: it settles the group), polling stops.
    failing = false;
    const before = calls.length;
    expect(await settledWithin(() => calls.length > before, 6_000)).toBe(true);
    const settledAt = calls.length;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(calls).toHaveLength(settledAt);
  });

  it('polls a group scheduled twice once', async () => {
    const a = agency({ T1: 1, T2: 1 });
    scheduler = factory(a.poll);
    const g = group();
    await Promise.all([scheduler.schedule(g), scheduler.schedule({ ...g })]);
    await scheduler.schedule(g);
    expect(await settledWithin(() => a.calls.length >= 1, 5_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 800));
    expect(a.calls).toHaveLength(1);
  });
});
