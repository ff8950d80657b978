import { buildSubgraphSchema } from '@apollo/subgraph';
import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { catalog } from '../../src/catalog/index.js';
import { typeDefs } from '../../src/server/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

let t: TestHub;
let token: string;

const schema = buildSubgraphSchema([{ typeDefs: typeDefs(catalog()) }]);

/**
 * Every field of a type without required arguments, down to `depth` levels (a few sources of
 * `PersonRecords`: all 62 would pass the armour's token limit).
 */
function selectionOf(type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields()).filter((f) => f.args.every((a) => a.defaultValue !== undefined || !a.type.toString().endsWith('!')));
  const picked = type.name === 'PersonRecords' ? fields.slice(0, 4) : fields;
  return picked
    .flatMap((f) => {
      const named = getNamedType(f.type);
      if (isLeafType(named)) return [f.name];
      if (!isObjectType(named) || depth === 0) return [];
      return [`${f.name} { ${selectionOf(named, depth - 1)} }`];
    })
    .join(' ');
}

const REPORT = selectionOf(schema.getType('VerificationReport') as GraphQLObjectType, 6);

beforeAll(async () => {
  t = await startTestHub();
  token = await t.token(['verifier', 'assistance-system'], '370102');
});
afterAll(() => t?.stop());

describe('compiled report reads', () => {
  it('answer every field of a report exactly as graphql-js does', async () => {
    const h = t.hub.sandbox!.population.households.find((x: SandboxHousehold) => x.regionCode === '370102' && x.members.length >= 3 && x.lowIncome)!;
    const documentSha256 = await t.consentDocument(token);
    const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
    expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents })).body.errors).toBeUndefined();
    const input = {
      household: { regionCode: h.regionCode, externalRef: h.id, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: h.declaration.members.find((d) => d.idNumber === m.idNumber)!.monthlyIncome })), declaredAssets: h.declaration.assets },
      purpose: 'NEW_APPLICATION',
      applicationRef: `APP-${h.id}`,
    };
    const created = await t.gql<{ requestVerification: { id: string } }>(token, `mutation($input: VerificationInput!) { requestVerification(input: $input) { ${REPORT} } }`, { input });
    expect(created.body.errors).toBeUndefined();
    await t.hub.verification.settled();
    const id = created.body.data!.requestVerification.id;

    const compiled = await t.gql<{ verificationReport: Record<string, unknown> }>(token, `query($id: ID!) { verificationReport(id: $id) { ${REPORT} } }`, { id });
    // A field outside the compiled ones puts the whole operation on graphql-js.
    const interpreted = await t.gql<{ verificationReport: Record<string, unknown> }>(token, `query($id: ID!) { verificationReport(id: $id) { ${REPORT} } attributeCatalog(sources: ["ps_hukou"]) { code } }`, { id });
    expect(compiled.body.errors).toBeUndefined();
    expect(interpreted.body.errors).toBeUndefined();
    const report = compiled.body.data!.verificationReport as { members: { attributes: unknown[] }[]; assessment: unknown; discrepancies: unknown[] };
    expect(report.members[0]!.attributes.length).toBeGreaterThan(50);
    expect(report.assessment).not.toBeNull();
    expect(compiled.body.data!.verificationReport).toEqual(interpreted.body.data!.verificationReport);
  });
});
