import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { typeDefs } from '../../src/server/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

const platform = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Household @key(fields: "id") { id: ID! benefitsPaid: [String!]! }
  type Person @key(fields: "id") { id: ID! caseworker: String }
  type Query { householdsToReview: [Household!]! }
`);

describe('the hub as an Apollo Federation 2 subgraph', () => {
  it('composes with an assistance platform subgraph that extends Household and Person', () => {
    const result = composeServices([
      { name: 'verification-hub', typeDefs: typeDefs(catalog()), url: 'http://hub/graphql' },
      { name: 'assistance-platform', typeDefs: platform, url: 'http://platform/graphql' },
    ]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('type Household');
    expect(result.supergraphSdl).toMatch(/join__type\(graph: VERIFICATION_HUB, key: "id"\)/);
  });

  describe('entity resolution', () => {
    let t: TestHub;
    beforeAll(async () => {
      t = await startTestHub();
    });
    afterAll(() => t?.stop());

    it('resolves Household references within the caller jurisdiction only, refusing others OUT_OF_JURISDICTION, with the household status', async () => {
      const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102')!;
      const token = await t.token(['verifier'], '370102');
      const documentSha256 = await t.consentDocument(token);
      await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
        c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['PERIODIC_REVIEW'], validFrom: '2026-01-01', validUntil: '2027-01-01' })),
      });
      const made = await t.gql<{ requestVerification: { household: { id: string } } }>(token, 'mutation($i: VerificationInput!) { requestVerification(input: $i) { household { id } assessment { circle } } }', {
        i: { household: { regionCode: h.regionCode, externalRef: h.id, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation })) }, purpose: 'PERIODIC_REVIEW', applicationRef: 'FED-1' },
      });
      // Selecting the assessment makes the report the household's status once its banks have answered.
      await t.hub.verification.settled();
      const id = made.body.data!.requestVerification.household.id;
      const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { id regionCode externalRef } } }';
      const own = await t.gql<{ _entities: ({ externalRef: string } | null)[] }>(token, query, { r: [{ __typename: 'Household', id }] });
      expect(own.body.data!._entities).toEqual([{ id, regionCode: '370102', externalRef: h.id }]);
      const other = await t.gql<{ _entities: unknown[] }>(await t.token(['verifier'], '370103', 'neighbour'), query, { r: [{ __typename: 'Household', id }] });
      expect(other.body.data!._entities).toEqual([null]);
      expect(other.body.errors?.map((e) => e.extensions?.code)).toEqual(['OUT_OF_JURISDICTION']);
      // The household's region's auditors see the refused reference.
      expect(await t.hub.db('audit_events').where({ actor_sub: 'neighbour' }).select('action', 'outcome', 'region_code')).toEqual([{ action: 'entity.read', outcome: 'REFUSED', region_code: '370102' }]);
      const unknown = await t.gql<{ _entities: unknown[] }>(token, query, { r: [{ __typename: 'Household', id: '00000000-0000-4000-8000-000000000000' }] });
      expect(unknown.body).toEqual({ data: { _entities: [null] } });
      const status = await t.gql<{ _entities: { status: { hardshipIndex: number; history: { status: string }[] } }[] }>(token, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Household { status { hardshipIndex history { status } } } } }', { r: [{ __typename: 'Household', id }] });
      expect(status.body.errors).toBeUndefined();
      expect(typeof status.body.data!._entities[0]!.status.hardshipIndex).toBe('number');
      expect(status.body.data!._entities[0]!.status.history.length).toBe(1);
    });
  });
});
