import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../kit/hub.js';

let t: TestHub;
let base: string;
beforeAll(async () => {
  t = await startTestHub();
  base = t.url.replace('/graphql', '/admin/queues');
});
afterAll(() => t?.stop());

const call = (token: string, path: string, method = 'GET') => fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
const events = (sub: string) => t.hub.db('audit_events').where({ actor_sub: sub }).orderBy('seq').select('action', 'outcome', 'details');

describe('queue dashboard', () => {
  it('opens only for a platform-wide role or a province-level admin', async () => {
    expect((await call(await t.token(['admin'], '370102', 'county-admin'), '/')).status).toBe(403);
    expect((await call(await t.token(['admin'], '370100', 'city-admin'), '/')).status).toBe(403);
    expect((await call(await t.token(['verifier'], '370000', 'prov-verifier'), '/')).status).toBe(403);
    expect((await call(await t.token(['platform-admin'], '370102', 'platform'), '/')).status).toBe(200);
    expect((await call(await t.token(['admin'], '370000', 'prov-admin'), '/')).status).toBe(200);
    expect(await events('county-admin')).toEqual([expect.objectContaining({ action: 'queues.dashboard', outcome: 'REFUSED' })]);
  });

  it('is read-only for viewers: their board is readOnlyMode and a write is refused and audited', async () => {
    const viewer = await t.token(['platform-admin'], '370102', 'viewer');
    const queues = (await (await call(viewer, '/api/queues')).json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues.queues.map((q) => q.name)).toContain('webhooks');
    expect(queues.queues.every((q) => q.readOnlyMode)).toBe(true);
    for (const [method, path] of [['PUT', '/api/queues/webhooks/pause'], ['PUT', '/api/queues/webhooks/clean/failed'], ['PUT', '/api/queues/webhooks/retry/failed'], ['DELETE', '/api/queues/webhooks/delivery-x/remove']] as const) {
      expect((await call(viewer, path, method)).status, path).toBe(403);
    }
    expect(await t.hub.batchQueue.queue.isPaused()).toBe(false);
    expect((await events('viewer')).map((e: { action: string; outcome: string }) => `${e.action} ${e.outcome}`)).toEqual(['queues.pause REFUSED', 'queues.clean REFUSED', 'queues.retry REFUSED', 'queues.remove REFUSED']);
  });

  it('lets a queue-operator pause and resume, each action audited with its queue', async () => {
    const operator = await t.token(['queue-operator'], '370102', 'operator');
    const queues = (await (await call(operator, '/api/queues')).json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(queues.queues.some((q) => q.readOnlyMode)).toBe(false);
    expect((await call(operator, '/api/queues/verification-batches/pause', 'PUT')).status).toBe(200);
    expect(await t.hub.batchQueue.queue.isPaused()).toBe(true);
    expect((await call(operator, '/api/queues/verification-batches/resume', 'PUT')).status).toBe(200);
    expect(await t.hub.batchQueue.queue.isPaused()).toBe(false);
    expect(await events('operator')).toEqual([
      expect.objectContaining({ action: 'queues.pause', outcome: 'ALLOWED', details: expect.objectContaining({ queue: 'verification-batches', method: 'PUT' }) }),
      expect.objectContaining({ action: 'queues.resume', outcome: 'ALLOWED', details: expect.objectContaining({ queue: 'verification-batches' }) }),
    ]);
  });
});
