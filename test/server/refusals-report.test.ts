import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../kit/hub.js';

/**
 * A refused call that names a report (a `reportId` argument, or the `id` of verificationReport)
 * carries it in its REFUSED event: in the `report_id` column when the report is stored (the column
 * references `reports`), else in `details.reportId`; an `id` that names something else stays out.
 */
let t: TestHub;
let stored: string;

beforeAll(async () => {
  t = await startTestHub();
  const db = t.hub.db;
  const [household] = await db('households').insert({ region_code: '370102', external_ref: randomUUID() }).returning('id');
  const [request] = await db('verification_requests')
    .insert({ household_id: household.id, purpose: 'PERIODIC_REVIEW', requester_sub: 'tester', requester_org: '370102', requester_roles: ['verifier'], status: 'COMPLETED' })
    .returning('id');
  stored = randomUUID();
  await db('reports').insert({ id: stored, request_id: request.id, household_id: household.id, body_sha256: '0'.repeat(64), status: 'COMPLETE' });
});
afterAll(() => t?.stop());

async function refusedEvent(sub: string, query: string): Promise<{ report_id: string | null; details: { reportId?: string; via?: string } }> {
  const res = await t.gql(await t.token(['auditor'], '370102', sub), query);
  expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const events = await t.hub.db('audit_events').where({ actor_sub: sub, outcome: 'REFUSED' }).orderBy('seq').select('report_id', 'details');
  expect(events).toHaveLength(1);
  return events[0];
}

describe('refusals found by report', () => {
  it('a stored report read without the role: the event references it', async () => {
    const e = await refusedEvent('refused-read-stored', `{ verificationReport(id: "${stored}") { id } }`);
    expect(e.report_id).toBe(stored);
    expect(e.details.reportId).toBeUndefined();
  });

  it('an objection raised on a stored report: the event references it', async () => {
    const e = await refusedEvent('refused-objection-stored', `mutation { raiseObjection(reportId: "${stored}", personId: "${randomUUID()}", attribute: "tax.wage_income_12m", proposedValue: 0, evidence: { documentSha256: "${'a'.repeat(64)}", note: "x" }) { id } }`);
    expect(e.report_id).toBe(stored);
  });

  it('a report id that is not stored, or not a UUID: in details.reportId, the column left empty (its foreign key)', async () => {
    const unknown = randomUUID();
    const a = await refusedEvent('refused-objections-unknown', `{ objections(reportId: "${unknown}") { id } }`);
    expect(a).toMatchObject({ report_id: null, details: { reportId: unknown, via: 'graphql objections' } });
    const b = await refusedEvent('refused-read-malformed', '{ verificationReport(id: "not-a-report") { id } }');
    expect(b).toMatchObject({ report_id: null, details: { reportId: 'not-a-report' } });
  });

  it("another field's id (a batch) is not taken for a report", async () => {
    const e = await refusedEvent('refused-batch', `{ batch(id: "${stored}") { id } }`);
    expect(e.report_id).toBeNull();
    expect(e.details.reportId).toBeUndefined();
  });
});
