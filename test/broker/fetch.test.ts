import { describe, expect, it } from 'vitest';
import { SourceError, type ConnectorSet, type SourceConnector } from '../../connectors/index.js';
import { createBroker, planSources } from '../../src/broker/index.js';
import { catalog } from '../../src/catalog/index.js';

const cat = catalog();

/**
 * A connector of the contract that takes two persons per call and fails any call carrying a
 * person named in `failing` (an agency answering 503 after retries to that call only).
 */
function connectorSet(sourceId: string, failing: Set<string>, calls: string[][]): ConnectorSet {
  const source = { ...cat.source(sourceId)!, maxBulk: 2 };
  const connector: SourceConnector = {
    source,
    family: source.family,
    attributes: cat.attributesOf(sourceId).map((a) => a.code),
    async fetch(persons) {
      calls.push([...persons]);
      if (persons.some((p) => failing.has(p))) throw new SourceError(sourceId, 'UNAVAILABLE', 'agency answered 503');
      if (source.protocol === 'async') return { kind: 'PENDING', ticket: `ticket-${calls.length}`, readyAt: null, latencyMs: 3 };
      return { kind: 'DONE', latencyMs: 3, records: new Map(persons.map((p) => [p, { found: true, asOf: '2026-11-01', values: {} }])) };
    },
    poll: async () => ({ kind: 'DONE', latencyMs: 1, records: new Map() }),
    checkHealth: async () => true,
    health: () => ({ source: sourceId, circuit: 'CLOSED', calls: 0, failures: 0, lastLatencyMs: null, lastError: null }),
  };
  return { get: (id) => (id === sourceId ? connector : undefined), all: () => [connector] };
}

const plan = (sourceId: string) => planSources(cat, cat.attributesOf(sourceId).map((a) => a.code));

describe('broker failures at the grain of a call', () => {
  it('marks a source UNAVAILABLE only for the households whose persons were in the failed call', async () => {
    const calls: string[][] = [];
    const broker = createBroker(connectorSet('tax', new Set(['C1']), calls), plan('tax'), { deadline: Date.now() + 5_000, requestId: 'r' });
    // Households A (A1, A2), B (B1) and C (C1) of one batch chunk: calls [A1, A2] and [B1, C1].
    const fetched = await broker.fetch(['A1', 'A2', 'B1', 'C1']);
    expect(calls).toEqual([['A1', 'A2'], ['B1', 'C1']]);
    expect(fetched.outcomeFor('tax', ['A1', 'A2'])).toMatchObject({ status: 'OK' });
    expect(fetched.outcomeFor('tax', ['B1'])).toMatchObject({ status: 'UNAVAILABLE', error: 'tax: agency answered 503' });
    expect(fetched.outcomeFor('tax', ['C1'])).toMatchObject({ status: 'UNAVAILABLE' });
  });

  it("keeps the tickets of a bank's calls that succeeded for the households they carried", async () => {
    const calls: string[][] = [];
    const broker = createBroker(connectorSet('bank_icbc', new Set(['B1']), calls), plan('bank_icbc'), { deadline: Date.now() + 5_000, requestId: 'r' });
    const fetched = await broker.fetch(['A1', 'A2', 'B1', 'C1']);
    expect(fetched.outcomeFor('bank_icbc', ['A1', 'A2'])).toMatchObject({ status: 'PENDING', tickets: [{ ticket: 'ticket-1', idNumbers: ['A1', 'A2'] }] });
    expect(fetched.outcomeFor('bank_icbc', ['C1'])).toMatchObject({ status: 'UNAVAILABLE' });
    expect(fetched.tickets()).toEqual([{ source: 'bank_icbc', ticket: 'ticket-1' }]);
  });

  it('reports persons whose call has not answered by the deadline as TIMEOUT', async () => {
    const set = connectorSet('tax', new Set(), []);
    const hanging = { ...set.get('tax')!, fetch: () => new Promise<never>(() => undefined) };
    const broker = createBroker({ get: () => hanging, all: () => [hanging] }, plan('tax'), { deadline: Date.now() + 150, requestId: 'r' });
    const started = Date.now();
    const fetched = await broker.fetch(['A1']);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(fetched.outcomeFor('tax', ['A1'])).toMatchObject({ status: 'TIMEOUT', error: 'no answer before the request deadline' });
  });
});
