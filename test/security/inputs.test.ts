import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeIdNumber } from '../../src/identity/index.js';
import { checkTexts } from '../../src/validation/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { idNumberHashes } from '../../src/households/index.js';

let t: TestHub;
let token: string;
beforeAll(async () => {
  t = await startTestHub();
  token = await t.token(['verifier', 'admin'], '370102', 'security-inputs');
}, 60_000);
afterAll(() => t?.stop());

const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id } }';
const id = (n: number) => composeIdNumber('370102', '1980-01-01', n);

function input(members: { idNumber: string; name: string; relation: string }[], regionCode = '370102') {
  return { household: { regionCode, externalRef: 'SEC-1', members }, purpose: 'NEW_APPLICATION', applicationRef: 'APP-SEC-1' };
}
const head = (n: number, name = '张三') => ({ idNumber: id(n), name, relation: n === 1 ? 'HEAD' : 'CHILD' });

async function persons(ids: string[]): Promise<number> {
  const [row] = await t.hub.db('persons').whereIn('id_number_hmac', idNumberHashes(t.hub.db, ids)).count<{ count: string }[]>('* as count');
  return Number(row!.count);
}

async function refused(variables: unknown, field: string, code = 'BAD_USER_INPUT') {
  const before = await t.hub.db('audit_events').where({ actor_sub: 'security-inputs', outcome: 'REFUSED' }).count<{ count: string }[]>('* as count');
  const res = await t.gql(token, VERIFY, variables as Record<string, unknown>);
  expect(res.body.errors?.[0]?.extensions).toMatchObject({ code, field });
  const events = await t.hub.db('audit_events').where({ actor_sub: 'security-inputs', outcome: 'REFUSED' }).orderBy('seq', 'desc').select('details', 'error_code');
  expect(events.length).toBe(Number(before[0]!.count) + 1);
  expect(events[0]!.details.field).toBe(field);
  return { res, event: events[0]! };
}

describe('nothing unchecked is stored', () => {
  it('refuses a 1,000,000-character name before storing anything, audited with the field, nothing of the name kept', async () => {
    const { event } = await refused({ input: input([head(1, 'x'.repeat(1_000_000))]) }, 'input.household.members[0].name');
    expect(await persons([id(1)])).toBe(0);
    expect(JSON.stringify(event.details).length).toBeLessThan(2_000);
    const [request] = await t.hub.db('verification_requests').where({ requester_sub: 'security-inputs' }).orderBy('created_at', 'desc').select('status', 'error_code');
    expect(request).toMatchObject({ status: 'REFUSED', error_code: 'BAD_USER_INPUT' });
  });

  it('stores none of 1,000 members of a household over the 30-member limit', async () => {
    const members = Array.from({ length: 1_000 }, (_, i) => head(100 + i));
    const { event } = await refused({ input: input(members) }, 'input.household.members');
    expect(await persons(members.map((m) => m.idNumber))).toBe(0);
    expect(event.details).toMatchObject({ membersNotListed: 970 });
    expect(event.details.members).toHaveLength(30);
  });

  it.each([
    ['a name', () => input([head(2, '张\u0000三')]), 'input.household.members[0].name'],
    ['the region code', () => input([head(3)], '3701\u000002'), 'input.household.regionCode'],
    ['an ID number', () => input([{ ...head(4), idNumber: `${id(4).slice(0, 17)}\u0000` }]), 'input.household.members[0].idNumber'],
    ['a C1 control in the reference', () => ({ ...input([head(5)]), applicationRef: 'APP\u0085' }), 'input.applicationRef'],
  ])('answers NUL or a control character in %s with BAD_USER_INPUT and an audit event, never 500', async (_what, make, field) => {
    await refused({ input: make() }, field);
  });

  it('checks every other mutation input that stores personal data, naming the field', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: [{ idNumber: id(6), name: 'a\u0000', documentSha256: 'a'.repeat(64), purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-01-01' }] }, 'consents[0].name'],
      ['mutation($d: String!) { recordAssistance(householdId: "00000000-0000-4000-8000-000000000000", programme: "DIBAO", amount: 1, date: "2026-01-01", department: $d) { __typename } }', { d: 'x'.repeat(5_000) }, 'department'],
      ['mutation($a: String) { savePolicy(regionCode: "370102", effectiveFrom: "2030-01-01", about: $a, parameters: {}) { id } }', { a: 'about\u0000' }, 'about'],
      ['mutation($u: String!) { subscribeWebhook(url: $u) { id } }', { u: 'https://example.com/\u0000' }, 'url'],
      ['mutation($h: [BatchHouseholdInput!]!) { submitBatch(purpose: NEW_APPLICATION, households: $h) { id } }', { h: [{ household: { regionCode: '370102', externalRef: 'B\u0000', members: [head(7)] }, applicationRef: 'A1' }] }, 'households[0].household.externalRef'],
    ];
    for (const [query, variables, field] of cases) {
      const res = await t.gql(token, query, variables);
      expect(res.body.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('checkTexts', () => {
  it('names the path, never repeats the value, lets line breaks only into free text', () => {
    expect(() => checkTexts({ a: { name: 'x\u0000' } }, 'input')).toThrow(/input\.a\.name: must not contain control characters/);
    expect(() => checkTexts({ name: 'x'.repeat(101) }, 'input')).toThrow(/input\.name: at most 100 characters, got 101/);
    expect(() => checkTexts({ about: 'line one\nline two' }, '')).not.toThrow();
    expect(() => checkTexts({ name: 'a\u202eb' }, '')).toThrow(/control characters/);
  });
});
