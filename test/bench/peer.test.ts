import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type GatewayProcess } from '../../bench/peer/gateway.js';
import { fullHouseholdQuestion, gatewayValues, graphqlName, perMemberQuery } from '../../bench/peer/question.js';
import type { Sandbox } from '../../connectors/sandbox/index.js';
import { startTestSandbox } from '../kit/index.js';

let sandbox: Sandbox;
let gateway: GatewayProcess;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  gateway = await startGateway(sandbox.url);
}, 180_000);
afterAll(async () => {
  await gateway?.stop();
  await sandbox?.close();
});

const question = fullHouseholdQuestion();
const UNKNOWN = '11010519491231002X';

type Data = Record<string, { results?: { idNumber: string; values?: Record<string, unknown> }[] }>;

async function askGateway(persons: string[]): Promise<Data> {
  const variables = Object.fromEntries(persons.map((id, i) => [`m${i}`, id]));
  const res = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: perMemberQuery(question, persons.length), variables }) });
  const body = (await res.json()) as { data?: Data; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

/** What the agencies answer when asked directly, as `idNumber code` of each non-null value. */
async function askAgencies(persons: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const s of question.sources) {
    const res = await fetch(`${sandbox.url}/agencies/${s.id}/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persons, attributes: s.codes }) });
    const answer = (await res.json()) as { results: { idNumber: string; values?: Record<string, unknown> }[] };
    for (const r of answer.results) for (const [code, v] of Object.entries(r.values ?? {})) if (v !== null) found.add(`${r.idNumber} ${code}`);
  }
  return found;
}

describe('bench:peer: Hive Gateway over the sandbox OpenAPI description', () => {
  it('answers the per-member question as the agencies do, with one upstream call per member and source', async () => {
    const household = sandbox.population.households.find((h) => h.members.length === 4 && !h.fixture)!;
    const persons = household.members.map((m) => m.idNumber);
    sandbox.resetStats();
    const data = await askGateway(persons);
    const calls = Object.values(sandbox.stats()).reduce((n, s) => n + s.calls, 0);
    expect(calls).toBe(4 * question.sources.length);
    const values = gatewayValues(question, data);
    expect(values.size).toBeGreaterThan(100);
    expect(values).toEqual(await askAgencies(persons));
  });

  it('types a person the agencies do not know as NotFound', async () => {
    const household = sandbox.population.households.find((h) => h.members.length === 3 && !h.fixture)!;
    const data = await askGateway([...household.members.map((m) => m.idNumber), UNKNOWN]);
    expect(data['m3_ps_hukou']!.results).toEqual([{ idNumber: UNKNOWN }]);
    const known = data['m0_ps_hukou']!.results![0]!;
    expect(known.values![graphqlName('ps_hukou.name')]).toBe(household.members[0]!.name);
  });
});
