import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

let t: TestHub;
let token: string;
let household: SandboxHousehold;

// Selecting the assessment makes the hub fetch what the means test reads: only such a report becomes the household's status.
const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id household { id } assessment { circle } } }';
const FIND = 'query($id: String, $ref: String) { findHouseholds(idNumber: $id, externalRef: $ref) { id regionCode externalRef status { reportId history { reportId purpose status } } } }';
type Found = { findHouseholds: { id: string; regionCode: string; externalRef: string; status: { reportId: string; history: { reportId: string; purpose: string; status: string }[] } | null }[] };

beforeAll(async () => {
  t = await startTestHub({ SANDBOX_BANK_DELAY_MS: '20' });
  token = await t.token(['verifier'], '370102');
  household = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102' && x.applicant && x.members.length >= 2)!;
  const documentSha256 = await t.consentDocument(token);
  const consents = household.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents })).body.errors).toBeUndefined();
  const input = {
    household: { regionCode: household.regionCode, externalRef: household.id, members: household.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string })) },
    purpose: 'NEW_APPLICATION',
    applicationRef: `APP-${household.id}`,
  };
  expect((await t.gql(token, VERIFY, { input })).body.errors).toBeUndefined();
  await t.hub.verification.settled();
});
afterAll(() => t?.stop());

describe('findHouseholds: the console search by ID number or reference, within jurisdiction', () => {
  it("finds a household by any current member's ID number and by its reference, with its status and history", async () => {
    const byMember = await t.gql<Found>(token, FIND, { id: household.members[1]!.idNumber.toLowerCase() });
    expect(byMember.body.errors).toBeUndefined();
    expect(byMember.body.data!.findHouseholds).toHaveLength(1);
    const [found] = byMember.body.data!.findHouseholds;
    expect(found).toMatchObject({ regionCode: '370102', externalRef: household.id });
    expect(found!.status!.history[0]).toMatchObject({ reportId: found!.status!.reportId, purpose: 'NEW_APPLICATION' });
    const byRef = await t.gql<Found>(token, FIND, { ref: household.id });
    expect(byRef.body.data!.findHouseholds.map((h) => h.id)).toEqual([found!.id]);
    // The search is audited with the number masked.
    const events: { details: { idNumber?: string; found: number } }[] = await t.hub.db('audit_events').where({ action: 'households.search' }).select('details');
    expect(events.map((e) => e.details.found)).toEqual([1, 1]);
    expect(events[0]!.details.idNumber).not.toContain(household.members[1]!.idNumber.slice(6, 14));
  });

  it('finds nothing outside the jurisdiction, and refuses a bad ID number naming the field', async () => {
    const other = await t.token(['verifier'], '320102');
    const outside = await t.gql<Found>(other, FIND, { ref: household.id });
    expect(outside.body.data!.findHouseholds).toEqual([]);
    const bad = await t.gql<Found>(token, FIND, { id: '370102199001011234' });
    expect(bad.body.errors![0]).toMatchObject({ extensions: { code: 'INVALID_ID_NUMBER', field: 'idNumber' } });
    const none = await t.gql<Found>(token, FIND, {});
    expect(none.body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'idNumber' } });
  });
});
