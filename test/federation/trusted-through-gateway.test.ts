import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { platformTypeDefs, startPlatform } from '../../examples/assistance-platform/index.js';
import { composeSupergraph, hubSubgraph, startGatewayProcess } from '../../src/federation/index.js';
import { operationHash } from '../../src/trusted-operations/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

/**
 * What a gateway sends the hub is its query plan, not the client's text: the documents are
 * registered by running the client's operations through the gateway against a recording hub
 * (TRUSTED_OPERATIONS=record), then a hub with TRUSTED_OPERATIONS=on runs them and refuses others.
 */
const CASE = 'query PlatformCase($id: ID!) { case(id: $id) { id household { id status { hardshipIndex } } } }';
const OTHER = 'query Sources { sources { id } }';
const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** Hub (with `env`), platform with one case, and a gateway over both. */
async function stack(env: Record<string, string>) {
  const t: TestHub = await startTestHub(env);
  stops.push(() => t.stop());
  const platform = await startPlatform();
  stops.push(() => platform.stop());
  const gateway = await startGatewayProcess(composeSupergraph([hubSubgraph(t.url), { name: 'assistance-platform', typeDefs: platformTypeDefs, url: platform.url }]).supergraphSdl);
  stops.push(() => gateway.stop());
  const caseId = platform.store.openCase({ householdId: '00000000-0000-4000-8000-000000000001', reference: 'R-1', programme: 'MINIMUM_LIVING', caseworkerId: 'cw-1' }).id;
  const token = await t.token(['assistance-system'], '370102', 'platform-client');
  const ask = async (query: string) => {
    const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables: query === CASE ? { id: caseId } : {} }) });
    return (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  };
  return { t, ask };
}

describe('trusted operations through a gateway', () => {
  it('records the documents the gateway sends, then runs only those', async () => {
    const recorded = join(mkdtempSync(join(tmpdir(), 'recorded-')), 'recorded.json');
    const recording = await stack({ TRUSTED_OPERATIONS: 'record', TRUSTED_OPERATIONS_RECORD: recorded, TRUSTED_OPERATIONS_MANIFESTS: join(tmpdir(), 'no-manifest-here') });
    expect((await recording.ask(CASE)).errors).toBeUndefined();
    for (const stop of stops.splice(0).reverse()) await stop();
    const manifest = JSON.parse(readFileSync(recorded, 'utf8')) as Record<string, string>;
    // The gateway's plan for the case: the platform's part goes to the platform; the hub gets an _entities query.
    expect(Object.values(manifest)).toEqual([expect.stringMatching(/^query PlatformCase\(\$representations:\[_Any!\]!\)\{_entities\(representations:\$representations\)/)]);
    expect(Object.keys(manifest)).toEqual([operationHash(Object.values(manifest)[0]!)]);

    const enforcing = await stack({ TRUSTED_OPERATIONS: 'on', TRUSTED_OPERATIONS_MANIFESTS: recorded });
    const allowed = await enforcing.ask(CASE);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data).toMatchObject({ case: { household: { id: '00000000-0000-4000-8000-000000000001' } } });
    const refused = await enforcing.ask(OTHER);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['OPERATION_NOT_TRUSTED']);
  }, 120_000);
});
