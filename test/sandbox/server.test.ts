import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../connectors/sandbox/index.js';
import { catalog } from '../../src/catalog/index.js';
import { startTestSandbox } from '../kit/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ asyncDelayMs: 100 });
});
afterAll(() => sandbox.close());

async function get(path: string) {
  const res = await fetch(sandbox.url + path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function post(path: string, body: unknown) {
  const res = await fetch(sandbox.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

interface Listed {
  total: number;
  households: { id: string; regionCode: string; members: { idNumber: string; name: string; relation: string }[]; declaration: { assets: Record<string, number> } }[];
}

describe('sandbox agencies over HTTP', () => {
  it('lists sample households of a region with members and declarations', async () => {
    const { status, body } = await get('/sandbox/households?region=370102&limit=2');
    expect(status).toBe(200);
    const listed = body as unknown as Listed;
    expect(listed.households).toHaveLength(2);
    for (const h of listed.households) {
      expect(h.regionCode).toBe('370102');
      expect(h.members[0]!.relation).toBe('HEAD');
      expect(h.declaration.assets).toHaveProperty('deposits');
    }
  });

  it('lists by city and province prefix', async () => {
    const city = (await get('/sandbox/households?region=370100&limit=50')).body as unknown as Listed;
    expect(city.households.every((h) => h.regionCode.startsWith('3701'))).toBe(true);
    const province = (await get('/sandbox/households?region=320000&limit=1')).body as unknown as Listed;
    expect(province.total).toBeGreaterThan(city.total / 10);
  });

  it('answers a malformed listing request with the parameter named', async () => {
    expect(await get('/sandbox/households?region=999999')).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', field: 'region' } } });
    expect(await get('/sandbox/households?limit=0')).toMatchObject({ status: 400, body: { error: { field: 'limit' } } });
    expect(await get('/sandbox/households?limit=ten')).toMatchObject({ status: 400, body: { error: { field: 'limit' } } });
  });

  it('answers a known person with values and an unknown one with not found', async () => {
    const { body } = await get('/sandbox/households?limit=1');
    const person = (body as unknown as Listed).households[0]!.members[0]!;
    const res = await post('/agencies/ps_hukou/query', { persons: [person.idNumber, '11010519491231002X'], attributes: ['ps_hukou.name', 'ps_hukou.birth_date'] });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { idNumber: person.idNumber, found: true, asOf: expect.any(String), values: { 'ps_hukou.name': person.name, 'ps_hukou.birth_date': expect.stringMatching(/^\d{4}-\d\d-\d\d$/) } },
      { idNumber: '11010519491231002X', found: false },
    ]);
  });

  it('refuses malformed agency requests with the field named', async () => {
    expect(await post('/agencies/tax/query', '{not json')).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_JSON' } } });
    expect(await post('/agencies/tax/query', { persons: [] })).toMatchObject({ status: 400, body: { error: { field: 'persons' } } });
    expect(await post('/agencies/tax/query', { persons: ['x'], attributes: ['ps_hukou.name'] })).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_ATTRIBUTE' } } });
    const tooMany = Array.from({ length: catalog().source('tax')!.maxBulk + 1 }, () => '11010519491231002X');
    expect(await post('/agencies/tax/query', { persons: tooMany })).toMatchObject({ status: 413, body: { error: { code: 'BULK_LIMIT_EXCEEDED' } } });
    expect((await post('/agencies/nowhere/query', { persons: ['x'] })).status).toBe(404);
  });

  it('answers banks by ticket, ready after the configured delay', async () => {
    const { body } = await get('/sandbox/households?limit=5');
    const ids = (body as unknown as Listed).households.flatMap((h) => h.members.map((m) => m.idNumber));
    const submitted = await post('/agencies/bank_icbc/inquiries', { persons: ids });
    expect(submitted.status).toBe(202);
    const ticket = submitted.body.ticket as string;
    const early = await get(`/agencies/bank_icbc/inquiries/${ticket}`);
    expect(early).toMatchObject({ status: 202, body: { status: 'PENDING' } });
    await new Promise((r) => setTimeout(r, 150));
    const done = await get(`/agencies/bank_icbc/inquiries/${ticket}`);
    expect(done.status).toBe(200);
    expect((done.body.results as unknown[]).length).toBe(ids.length);
    expect((await post('/agencies/bank_icbc/query', { persons: ids })).status).toBe(404);
  });

  it('rate-limits with 429 and Retry-After, and counts calls per source', async () => {
    sandbox.setBehaviour('util_gas', { rateLimitPerSecond: 2 });
    sandbox.resetStats();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const r = await post('/agencies/util_gas/query', { persons: ['11010519491231002X'] });
      statuses.push(r.status);
      retryAfter ??= r.headers.get('retry-after');
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(sandbox.stats().util_gas).toMatchObject({ calls: 2, rateLimited: statuses.filter((s) => s === 429).length });
  });

  it('changes a source behaviour at run time and refuses unknown settings', async () => {
    const res = await fetch(`${sandbox.url}/sandbox/sources/tax/behaviour`, { method: 'PUT', body: JSON.stringify({ failureRate: 1 }) });
    expect(res.status).toBe(200);
    expect((await post('/agencies/tax/query', { persons: ['11010519491231002X'] })).status).toBe(503);
    sandbox.setBehaviour('tax', { failureRate: 0 });
    const bad = await fetch(`${sandbox.url}/sandbox/sources/tax/behaviour`, { method: 'PUT', body: JSON.stringify({ speed: 3 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('speed');
  });
});
