import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';

let t: TestHub;
let verifier: string;

const READ = 'query($id: ID!) { verificationReport(id: $id) { id status revision reportSha256 members { idNumber attributes { code value unit source asOf } } sources { source status } discrepancies { kind severity } } }';
// The same fields, with a root field outside the rendered ones: graphql-js answers it, whole.
const READ_INTERPRETED = 'query($id: ID!) { verificationReport(id: $id) { id status revision reportSha256 members { idNumber attributes { code value unit source asOf } } sources { source status } discrepancies { kind severity } } attributeCatalog(sources: ["tax"]) { code } }';

/** The answer as the client receives it: status, content type and the exact text. */
async function raw(token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, type: res.headers.get('content-type'), length: res.headers.get('content-length'), text: await res.text() };
}

/** A report of three sources (`every`: of what the means test reads, banks included, so that the household's status is set). */
async function verify(h: SandboxHousehold, taxDown: boolean, every = false): Promise<string> {
  const documentSha256 = await t.consentDocument(verifier);
  const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(verifier, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c })).body.errors).toBeUndefined();
  t.hub.sandbox!.setBehaviour('tax', { failureRate: taxDown ? 1 : 0 });
  try {
    const res = await t.gql<{ requestVerification: { id: string } }>(verifier, `mutation($input: VerificationInput!) { requestVerification(input: $input) { id ${every ? 'assessment { circle }' : ''} } }`, { input: { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}`, ...(every ? {} : { sources: ['ps_hukou', 'tax', 'hrss_employment'] }) } });
    expect(res.body.errors).toBeUndefined();
    await t.hub.verification.settled();
    return res.body.data!.requestVerification.id;
  } finally {
    t.hub.sandbox!.setBehaviour('tax', { failureRate: 0 });
  }
}

const households = () => t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102');
const reads = (id: string, outcome: string) => t.hub.db('audit_events').where({ report_id: id, action: 'report.read', outcome }).count<{ count: string }[]>('* as count').then((r) => Number(r[0]!.count));

beforeAll(async () => {
  t = await startTestHub({ SOURCE_RETRIES: '0', BREAKER_THRESHOLD: '1000' });
  verifier = await t.token(['verifier'], '370102');
});
afterAll(() => t?.stop());

describe('report reads answered from a rendered answer', () => {
  it('answers a read again with the same bytes, as graphql-js would, and audits every read', async () => {
    const id = await verify(households()[0]!, false);
    const first = await raw(verifier, READ, { id });
    const second = await raw(verifier, READ, { id });
    expect(first.status).toBe(200);
    expect(first.type).toBe('application/json; charset=utf-8');
    expect(second.text).toBe(first.text);
    expect(Number(second.length)).toBe(Buffer.byteLength(second.text));
    const answer = JSON.parse(second.text) as { data: { verificationReport: Record<string, unknown> } };
    const interpreted = await t.gql<{ verificationReport: Record<string, unknown> }>(verifier, READ_INTERPRETED, { id });
    expect(interpreted.body.errors).toBeUndefined();
    expect(answer).toEqual({ data: { verificationReport: interpreted.body.data!.verificationReport } });
    expect((answer.data.verificationReport.members as { attributes: unknown[] }[])[0]!.attributes.length).toBeGreaterThan(5);
    // Two rendered reads and the interpreted one: each its own event.
    expect(await reads(id, 'ALLOWED')).toBe(3);
  });

  it("still refuses, and audits, another region's verifier a report whose answer is rendered", async () => {
    const id = await verify(households()[1]!, false);
    expect((await raw(verifier, READ, { id })).status).toBe(200);
    const outsider = await t.token(['verifier'], '370103', 'outsider');
    const refused = await raw(outsider, READ, { id });
    const body = JSON.parse(refused.text) as { data: { verificationReport: null }; errors: { path: string[]; extensions: { code: string } }[] };
    expect(body.data).toEqual({ verificationReport: null });
    expect(body.errors).toMatchObject([{ path: ['verificationReport'], extensions: { code: 'OUT_OF_JURISDICTION' } }]);
    expect(refused.text).not.toContain(households()[1]!.members[0]!.idNumber);
    expect(await reads(id, 'REFUSED')).toBe(1);
  });

  it('answers the new version once the report has one, never the answer rendered for the older', async () => {
    const id = await verify(households()[2]!, true);
    const before = JSON.parse((await raw(verifier, READ, { id })).text) as { data: { verificationReport: { status: string; revision: number; sources: { source: string; status: string }[] } } };
    expect(before.data.verificationReport).toMatchObject({ status: 'INCOMPLETE', revision: 1 });
    expect((await t.gql(verifier, 'mutation($id: ID!) { retrySources(reportId: $id) { id } }', { id })).body.errors).toBeUndefined();
    const after = JSON.parse((await raw(verifier, READ, { id })).text) as typeof before;
    expect(after.data.verificationReport).toMatchObject({ status: 'COMPLETE', revision: 2 });
    expect(after.data.verificationReport.sources.find((s) => s.source === 'tax')!.status).toBe('OK');
  });

  it('answers an unknown report as null, and a bad argument below the report with its error, each time', async () => {
    expect(JSON.parse((await raw(verifier, READ, { id: '00000000-0000-4000-8000-000000000000' })).text)).toEqual({ data: { verificationReport: null } });
    const id = await verify(households()[3]!, false);
    const bad = 'query($id: ID!) { verificationReport(id: $id) { id members { attributes(codes: ["tax.nope"]) { code } } } }';
    for (let i = 0; i < 2; i++) {
      const res = await t.gql(verifier, bad, { id });
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'UNKNOWN_ATTRIBUTE' }, path: ['verificationReport', 'members', 0, 'attributes'] });
    }
  });

  it("reads a household's status afresh under a report: a selection reaching a field that reads the database is not rendered", async () => {
    const id = await verify(households()[4]!, false, true);
    const query = 'query($id: ID!) { verificationReport(id: $id) { id household { id status { assistanceReceived } } } }';
    const read = () => t.gql<{ verificationReport: { household: { id: string; status: { assistanceReceived: string[] } } } }>(verifier, query, { id });
    const first = await read();
    expect(first.body.errors).toBeUndefined();
    const household = first.body.data!.verificationReport.household;
    expect(household.status.assistanceReceived).not.toContain('recorded.TEMPORARY');
    const recorded = await t.gql(verifier, 'mutation($h: ID!) { recordAssistance(householdId: $h, programme: "TEMPORARY", amount: 500, date: "2026-01-05", department: "民政局") { repeat } }', { h: household.id });
    expect(recorded.body.errors).toBeUndefined();
    expect((await read()).body.data!.verificationReport.household.status.assistanceReceived).toContain('recorded.TEMPORARY');
  });

  it('answers a GET whose path Express leaves as //a:b with its query string, as Apollo does', async () => {
    const res = await fetch(`${t.url}//a:b?query=${encodeURIComponent('{ __typename }')}`, { headers: { authorization: `Bearer ${verifier}`, 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
