import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgencyPools, createConnectors, SourceError, type FetchResult, type ResilienceOptions, type SourceConnector } from '../../connectors/index.js';
import type { Sandbox } from '../../connectors/sandbox/index.js';
import { catalog, FAMILIES, type Source } from '../../src/catalog/index.js';
import { startTestSandbox } from '../kit/index.js';

/**
 * The conformance suite every connector family passes against the sandbox: found, not found,
 * bulk, timeout, 429 with Retry-After, circuit opening and (for asynchronous families) tickets.
 */
const cat = catalog();
const UNKNOWN = '11010519491231002X';
const ASYNC_DELAY_MS = 80;
const BASE: ResilienceOptions = { timeoutMs: 2_000, retries: 0, concurrency: 4, breakerThreshold: 3, breakerHalfOpenMs: 300, backoffBaseMs: 10 };

let sandbox: Sandbox;
let pools: AgencyPools;
let everyone: string[];
beforeAll(async () => {
  sandbox = await startTestSandbox({ asyncDelayMs: ASYNC_DELAY_MS });
  pools = new AgencyPools();
  everyone = sandbox.population.households.flatMap((h) => h.members.map((m) => m.idNumber));
});
afterAll(async () => {
  await pools.close();
  await sandbox.close();
});

function connectorFor(source: Source, resilience: Partial<ResilienceOptions> = {}): SourceConnector {
  return createConnectors(cat, { baseUrl: sandbox.url, pools, resilience: { ...BASE, ...resilience }, only: [source.id] }).get(source.id)!;
}

/** Fetches and, for an asynchronous source, polls the ticket until the answer is there. */
async function answer(c: SourceConnector, persons: string[], codes: string[]): Promise<Extract<FetchResult, { kind: 'DONE' }>> {
  let r = await c.fetch(persons, codes);
  for (let i = 0; r.kind === 'PENDING' && i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, ASYNC_DELAY_MS / 2));
    r = await c.poll(r.ticket);
  }
  if (r.kind !== 'DONE') throw new Error('ticket never completed');
  return r;
}

async function failure(p: Promise<unknown>): Promise<SourceError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SourceError);
  return e as SourceError;
}

describe.each(FAMILIES.map((f) => cat.sources.find((s) => s.family === f)!))('connector of family $family ($id)', (source) => {
  const codes = cat.attributesOf(source.id).map((a) => a.code);
  const bulk = () => everyone.slice(0, source.maxBulk);

  beforeEach(() => {
    sandbox.setBehaviour(source.id, { latencyMs: 0, failureRate: 0, timeoutRate: 0, rateLimitPerSecond: 1000 });
  });

  it('returns values for found persons and not found for unknown ones', async () => {
    const persons = [...bulk().slice(0, source.maxBulk - 1), UNKNOWN];
    const r = await answer(connectorFor(source), persons, codes);
    expect([...r.records.keys()]).toEqual(persons);
    expect(r.records.get(UNKNOWN)).toEqual({ found: false });
    const found = [...r.records.values()].filter((x) => x.found);
    expect(found.length).toBeGreaterThan(0);
    for (const rec of found) if (rec.found) expect(Object.keys(rec.values).sort()).toEqual([...codes].sort());
  });

  it('carries a full bulk in one upstream call and refuses more than the bulk limit', async () => {
    const c = connectorFor(source);
    const before = sandbox.stats()[source.id]?.calls ?? 0;
    await c.fetch(bulk(), codes.slice(0, 1));
    expect(sandbox.stats()[source.id]!.calls).toBe(before + 1);
    expect(sandbox.stats()[source.id]!.persons).toBeGreaterThanOrEqual(source.maxBulk);
    await expect(c.fetch([...bulk(), UNKNOWN], codes)).rejects.toThrow(RangeError);
  });

  it('gives up with TIMEOUT when the agency hangs', async () => {
    sandbox.setBehaviour(source.id, { timeoutRate: 1, hangMs: 5_000 });
    const started = Date.now();
    const e = await failure(connectorFor(source, { timeoutMs: 150 }).fetch([UNKNOWN], codes));
    expect(e.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('waits out a 429 for its Retry-After and then succeeds', async () => {
    sandbox.setBehaviour(source.id, { rateLimitPerSecond: 1 });
    const c = connectorFor(source, { retries: 2 });
    await c.fetch([UNKNOWN], codes);
    const limitedBefore = sandbox.stats()[source.id]?.rateLimited ?? 0;
    const started = Date.now();
    const r = await c.fetch([UNKNOWN], codes);
    expect(['DONE', 'PENDING']).toContain(r.kind);
    expect(sandbox.stats()[source.id]!.rateLimited).toBeGreaterThan(limitedBefore);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('retries a failing agency, then opens the circuit and stops calling it', async () => {
    sandbox.setBehaviour(source.id, { failureRate: 1 });
    const c = connectorFor(source, { retries: 1, breakerThreshold: 4 });
    const failedBefore = sandbox.stats()[source.id]?.failed ?? 0;
    expect((await failure(c.fetch([UNKNOWN], codes))).code).toBe('UNAVAILABLE');
    expect(sandbox.stats()[source.id]!.failed).toBe(failedBefore + 2);
    expect((await failure(c.fetch([UNKNOWN], codes))).code).toBe('UNAVAILABLE');
    expect(c.health().circuit).toBe('OPEN');
    expect((await failure(c.fetch([UNKNOWN], codes))).code).toBe('CIRCUIT_OPEN');
    expect(sandbox.stats()[source.id]!.failed).toBe(failedBefore + 4);
    sandbox.setBehaviour(source.id, { failureRate: 0 });
    await new Promise((resolve) => setTimeout(resolve, BASE.breakerHalfOpenMs + 50));
    await c.fetch([UNKNOWN], codes);
    expect(c.health().circuit).toBe('CLOSED');
  });

  it(source.protocol === 'async' ? 'answers with a ticket that completes later' : 'answers at once, with nothing to poll', async () => {
    const c = connectorFor(source);
    const r = await c.fetch([UNKNOWN], codes);
    if (source.protocol === 'async') {
      expect(r.kind).toBe('PENDING');
      if (r.kind !== 'PENDING') return;
      expect((await c.poll(r.ticket)).kind).toBe('PENDING');
      await new Promise((resolve) => setTimeout(resolve, ASYNC_DELAY_MS + 20));
      const done = await c.poll(r.ticket);
      expect(done.kind === 'DONE' && done.records.get(UNKNOWN)).toEqual({ found: false });
      // A ticket the agency never issued (or lost): not polled until a deadline, but named as lost.
      expect((await failure(c.poll('no-such-ticket'))).code).toBe('TICKET_UNKNOWN');
    } else {
      expect(r.kind).toBe('DONE');
      expect((await failure(c.poll('any'))).code).toBe('REJECTED');
    }
  });

  it('reports health from the agency', async () => {
    const c = connectorFor(source);
    expect(await c.checkHealth()).toBe(true);
    expect(c.health()).toMatchObject({ source: source.id, circuit: 'CLOSED' });
  });
});
