import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

// Issue item 3 (binding): a consent registered by a 320102 verifier authorised requests anywhere.
// It now counts only for organisations inside the registering organisation's jurisdiction.

let t: TestHub;
const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status } }';

const households = () => t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102' && h.members.length >= 2);
const input = (h: SandboxHousehold, ref: string) => ({
  purpose: 'NEW_APPLICATION',
  applicationRef: ref,
  household: { regionCode: h.regionCode, externalRef: ref, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation })) },
});

async function register(token: string, h: SandboxHousehold) {
  const documentSha256 = await t.consentDocument(token);
  const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  const res = await t.gql<{ registerConsents: { id: string }[] }>(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.registerConsents.map((r) => r.id);
}

beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

describe('a consent binds the organisation that registered it', () => {
  it("does not let another province's consent authorise a county's request", async () => {
    const h = households()[0]!;
    await register(await t.token(['verifier'], '320102'), h);
    t.hub.sandbox!.resetStats();
    const res = await t.gql(await t.token(['verifier'], '370102'), VERIFY, { input: input(h, 'BIND-FOREIGN') });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('CONSENT_MISSING');
    expect(t.hub.sandbox!.stats()).toEqual({});
  });

  it("does not let a neighbouring county's, nor a county's for the city above, but lets the province's bind every county inside", async () => {
    const [a, b, c] = households().slice(1, 4);
    await register(await t.token(['verifier'], '370103'), a!);
    expect((await t.gql(await t.token(['verifier'], '370102'), VERIFY, { input: input(a!, 'BIND-NEIGHBOUR') })).body.errors?.[0]?.extensions?.code).toBe('CONSENT_MISSING');
    await register(await t.token(['verifier'], '370102'), b!);
    expect((await t.gql(await t.token(['verifier'], '370100'), VERIFY, { input: input(b!, 'BIND-CITY') })).body.errors?.[0]?.extensions?.code).toBe('CONSENT_MISSING');
    expect((await t.gql(await t.token(['verifier'], '370102'), VERIFY, { input: input(b!, 'BIND-OWN') })).body.errors).toBeUndefined();
    const ids = await register(await t.token(['verifier'], '370000'), c!);
    const res = await t.gql<{ requestVerification: { id: string } }>(await t.token(['verifier'], '370102'), VERIFY, { input: input(c!, 'BIND-PROVINCE') });
    expect(res.body.errors).toBeUndefined();
    const event = await t.hub.db('audit_events').where({ report_id: res.body.data!.requestVerification.id }).first();
    expect(ids).toEqual(expect.arrayContaining(event.consent_ids));
  });
});
