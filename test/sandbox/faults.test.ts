import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../connectors/sandbox/index.js';
import { startTestSandbox } from '../kit/index.js';

let sandbox: Sandbox;
let person: string;
beforeAll(async () => {
  sandbox = await startTestSandbox({ asyncDelayMs: 50 }, 100);
  person = sandbox.population.households[0]!.members[0]!.idNumber;
});
afterEach(() => void sandbox.clearFaults());
afterAll(() => sandbox.close());

async function call(method: string, path: string, body?: unknown, signal?: AbortSignal) {
  const res = await fetch(sandbox.url + path, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const query = (source = 'tax') => call('POST', `/agencies/${source}/query`, { persons: [person] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fault injection', () => {
  it('refuses a malformed fault naming the field', async () => {
    const bad = (body: unknown) => call('POST', '/sandbox/faults', body);
    expect(await bad({ source: 'bank_nowhere', mode: 'down', seconds: 5 })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', field: 'source' } } });
    expect(await bad({ source: 'tax', mode: 'broken', seconds: 5 })).toMatchObject({ status: 400, body: { error: { field: 'mode' } } });
    expect(await bad({ source: 'tax', mode: 'down' })).toMatchObject({ status: 400, body: { error: { field: 'seconds' } } });
    expect(await bad({ source: 'tax', mode: 'down', seconds: -1 })).toMatchObject({ status: 400, body: { error: { field: 'seconds' } } });
    expect(await bad({ source: 'tax', mode: 'down', seconds: 5, delaySeconds: 1 })).toMatchObject({ status: 400, body: { error: { field: 'delaySeconds' } } });
    expect(await bad({ source: 'tax', mode: 'down', seconds: 5, colour: 'red' })).toMatchObject({ status: 400, body: { error: { field: 'colour' } } });
    expect(() => sandbox.injectFault({ source: 'nowhere', mode: 'down', seconds: 1 })).toThrow(/source/);
    expect(sandbox.faults()).toEqual([]);
  });

  it('down: 503 to every call of the source, others unaffected, listed until cleared', async () => {
    const created = await call('POST', '/sandbox/faults', { source: 'tax', mode: 'down', seconds: 60 });
    expect(created).toMatchObject({ status: 201, body: { fault: { source: 'tax', mode: 'down', seconds: 60, delaySeconds: null } } });
    expect(await query()).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } } });
    expect((await call('GET', '/agencies/tax/health')).status).toBe(503);
    expect((await query('ps_hukou')).status).toBe(200);
    expect(sandbox.stats().tax).toMatchObject({ failed: 2 });
    expect((await call('GET', '/sandbox/faults')).body).toEqual({ faults: [{ source: 'tax', mode: 'down', seconds: 60, delaySeconds: null, until: expect.any(String) }] });
    expect(await call('DELETE', '/sandbox/faults/tax')).toMatchObject({ status: 200, body: { cleared: 1 } });
    expect((await query()).status).toBe(200);
    expect((await call('GET', '/sandbox/faults')).body).toEqual({ faults: [] });
  });

  it('down applies to a bank\'s ticket polls', async () => {
    const submitted = await call('POST', '/agencies/bank_icbc/inquiries', { persons: [person] });
    expect(submitted.status).toBe(202);
    await sleep(60);
    sandbox.injectFault({ source: 'bank_icbc', mode: 'down', seconds: 60 });
    const poll = () => call('GET', `/agencies/bank_icbc/inquiries/${submitted.body.ticket as string}`);
    expect(await poll()).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } } });
    expect((await call('POST', '/agencies/bank_icbc/inquiries', { persons: [person] })).status).toBe(503);
    expect(sandbox.clearFaults('bank_icbc')).toBe(1);
    expect(await poll()).toMatchObject({ status: 200, body: { status: 'DONE' } });
  });

  it('rate-limited: 429 with Retry-After of the seconds the fault has left', async () => {
    sandbox.injectFault({ source: 'tax', mode: 'rate-limited', seconds: 30 });
    const res = await query();
    expect(res).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } } });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(sandbox.stats().tax).toMatchObject({ rateLimited: 1 });
  });

  it('slow: every call waits delaySeconds, then is answered', async () => {
    sandbox.injectFault({ source: 'tax', mode: 'slow', seconds: 30, delaySeconds: 0.3 });
    const started = Date.now();
    expect((await query()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(sandbox.faults()[0]).toMatchObject({ mode: 'slow', delaySeconds: 0.3 });
    const quick = Date.now();
    expect((await query('ps_hukou')).status).toBe(200);
    expect(Date.now() - quick).toBeLessThan(250);
  });

  it('hang: no answer until the client gives up; a hung call is answered 504 when the fault is cleared', async () => {
    sandbox.injectFault({ source: 'tax', mode: 'hang', seconds: 30 });
    await expect(call('POST', '/agencies/tax/query', { persons: [person] }, AbortSignal.timeout(300))).rejects.toThrow(/abort|timeout/i);
    const hung = call('POST', '/agencies/tax/query', { persons: [person] });
    await sleep(150);
    expect(await call('DELETE', '/sandbox/faults')).toMatchObject({ body: { cleared: 1 } });
    expect(await hung).toMatchObject({ status: 504, body: { error: { code: 'UPSTREAM_TIMEOUT' } } });
  });

  it('clears itself after seconds', async () => {
    sandbox.injectFault({ source: 'tax', mode: 'down', seconds: 0.3 });
    expect((await query()).status).toBe(503);
    await sleep(400);
    expect((await query()).status).toBe(200);
    expect(sandbox.faults()).toEqual([]);
  });

  it('* faults every source; a source\'s own fault comes first; DELETE clears all', async () => {
    await call('POST', '/sandbox/faults', { source: '*', mode: 'down', seconds: 60 });
    await call('POST', '/sandbox/faults', { source: 'tax', mode: 'rate-limited', seconds: 60 });
    expect((await query('ps_hukou')).status).toBe(503);
    expect((await call('POST', '/agencies/bank_ccb/inquiries', { persons: [person] })).status).toBe(503);
    expect((await query('tax')).status).toBe(429);
    expect(await call('DELETE', '/sandbox/faults/nowhere')).toMatchObject({ status: 404, body: { error: { field: 'source' } } });
    expect(await call('DELETE', '/sandbox/faults')).toMatchObject({ status: 200, body: { cleared: 2 } });
    expect((await query('ps_hukou')).status).toBe(200);
    expect((await query('tax')).status).toBe(200);
  });

  it('a new fault for a source replaces its current one', async () => {
    sandbox.injectFault({ source: 'tax', mode: 'down', seconds: 60 });
    sandbox.injectFault({ source: 'tax', mode: 'rate-limited', seconds: 60 });
    expect(sandbox.faults().map((f) => f.mode)).toEqual(['rate-limited']);
    expect((await query()).status).toBe(429);
  });
});
