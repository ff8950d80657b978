import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';

let t: TestHub;
let token: string;

const FIELDS = 'id status missingSources { source status } sources { source status error } members { records { tax { asOf } } }';
const VERIFY = `mutation($input: VerificationInput!) { requestVerification(input: $input) { ${FIELDS} } }`;
const RETRY = `mutation($id: ID!) { retrySources(reportId: $id) { ${FIELDS} } }`;

type Report = { id: string; status: string; missingSources: { source: string; status: string }[]; sources: { source: string; status: string; error: string | null }[]; members: { records: { tax: { asOf: string } | null } }[] };

async function consent(h: SandboxHousehold) {
  const documentSha256 = await t.consentDocument(token);
  const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  const res = await t.gql<{ registerConsents: { id: string }[] }>(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.registerConsents.map((x) => x.id);
}

const input = (h: SandboxHousehold) => ({ ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}`, sources: ['ps_hukou', 'tax'] });

/** A verification whose tax source is down: 503 to every attempt. */
async function incompleteReport(h: SandboxHousehold): Promise<Report> {
  t.hub.sandbox!.setBehaviour('tax', { failureRate: 1 });
  try {
    const res = await t.gql<{ requestVerification: Report }>(token, VERIFY, { input: input(h) });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.requestVerification;
  } finally {
    t.hub.sandbox!.setBehaviour('tax', { failureRate: 0 });
  }
}

const households = () => t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102');

beforeAll(async () => {
  // No retries and a breaker that does not open: each test decides exactly when tax fails.
  t = await startTestHub({ SOURCE_RETRIES: '0', BREAKER_THRESHOLD: '1000' });
  token = await t.token(['verifier'], '370102');
});
afterAll(async () => {
  await t?.stop();
});

describe('a report whose sources did not all answer', () => {
  it('is INCOMPLETE, naming the missing source, not COMPLETE', async () => {
    const h = households()[0]!;
    await consent(h);
    const report = await incompleteReport(h);
    expect(report.status).toBe('INCOMPLETE');
    expect(report.missingSources).toEqual([{ source: 'tax', status: 'UNAVAILABLE' }]);
    expect(report.sources.find((s) => s.source === 'ps_hukou')!.status).toBe('OK');
    expect(report.members.every((m) => m.records.tax === null)).toBe(true);
    expect(await t.hub.db('reports').where({ id: report.id }).first('status')).toEqual({ status: 'INCOMPLETE' });
  });

  it('is completed by retrySources, which asks only the missing source again and audits it', async () => {
    const h = households()[1]!;
    await consent(h);
    const report = await incompleteReport(h);
    t.hub.sandbox!.resetStats();
    const res = await t.gql<{ retrySources: Report }>(token, RETRY, { id: report.id });
    expect(res.body.errors).toBeUndefined();
    const retried = res.body.data!.retrySources;
    expect(retried).toMatchObject({ id: report.id, status: 'COMPLETE', missingSources: [] });
    expect(retried.members.some((m) => m.records.tax !== null)).toBe(true);
    expect(Object.keys(t.hub.sandbox!.stats())).toEqual(['tax']);
    const event = await t.hub.db('audit_events').where({ report_id: report.id, action: 'verification.retry-sources' }).first('outcome', 'actor_sub', 'attribute_codes');
    expect(event).toMatchObject({ outcome: 'ALLOWED', actor_sub: 'test-verifier' });
    expect(event.attribute_codes.every((c: string) => c.startsWith('tax.'))).toBe(true);
    const row = await t.hub.db('source_results as s').join('reports as r', 'r.request_id', 's.request_id').where({ 'r.id': report.id, 's.source_id': 'tax' }).first('s.status');
    expect(row.status).toBe('OK');
  });

  it('refuses to retry a complete report, and a caller outside the jurisdiction, each audited', async () => {
    const h = households()[2]!;
    await consent(h);
    const done = (await t.gql<{ requestVerification: Report }>(token, VERIFY, { input: input(h) })).body.data!.requestVerification;
    expect(done.status).toBe('COMPLETE');
    const again = await t.gql(token, RETRY, { id: done.id });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOTHING_TO_RETRY', field: 'reportId' });

    const h2 = households()[3]!;
    await consent(h2);
    const incomplete = await incompleteReport(h2);
    const foreign = await t.token(['verifier'], '370103', 'foreign-verifier');
    const refused = await t.gql(foreign, RETRY, { id: incomplete.id });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('OUT_OF_JURISDICTION');
    const events = await t.hub.db('audit_events').where({ action: 'verification.retry-sources', outcome: 'REFUSED' }).orderBy('seq').select('actor_sub', 'error_code');
    expect(events).toEqual([
      { actor_sub: 'test-verifier', error_code: 'NOTHING_TO_RETRY' },
      { actor_sub: 'foreign-verifier', error_code: 'OUT_OF_JURISDICTION' },
    ]);
  });

  it('refuses to retry under a consent withdrawn since', async () => {
    const h = households()[4]!;
    const ids = await consent(h);
    const report = await incompleteReport(h);
    expect((await t.gql(token, 'mutation($ids: [ID!]!) { revokeConsents(ids: $ids) }', { ids })).body.errors).toBeUndefined();
    t.hub.sandbox!.resetStats();
    const refused = await t.gql(token, RETRY, { id: report.id });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('CONSENT_MISSING');
    expect(t.hub.sandbox!.stats()).toEqual({});
  });
});
