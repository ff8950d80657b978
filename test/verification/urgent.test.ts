import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';
import { readReportBody } from '../../src/reports/index.js';
import { openChangeDetails } from '../../src/changes/index.js';

const FIXTURES = fileURLToPath(new URL('../../connectors/sandbox/fixtures/programmes.json', import.meta.url));

let t: TestHub;

const VERIFY = `mutation($input: VerificationInput!) { requestVerification(input: $input) {
  id status missingSources { source status }
  assessment { missing { source status } eligibility { programme conclusion onAnswered grounds { code zh } } } } }`;

type Conclusion = { programme: string; conclusion: string; onAnswered: string | null; grounds: { code: string; zh: string }[] };

beforeAll(async () => {
  t = await startTestHub({ SANDBOX_FIXTURES: FIXTURES, SANDBOX_BANK_DELAY_MS: '400' });
});
afterAll(async () => {
  await t?.stop();
});

describe('an urgent request (特急)', () => {
  it('is assessed at once, provisionally, and re-assessed when the banks answer, with a change event when a conclusion changes', async () => {
    // A couple on pensions below the Lixia standard whose ICBC deposits (150,000) are far above the limit.
    const h = t.hub.sandbox!.population.households.find((x) => x.id === 'FIX-BANK-1')!;
    const token = await t.token(['verifier'], '370102');
    const documentSha256 = await t.consentDocument(token);
    const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['URGENT_ASSISTANCE'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
    expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents })).body.errors).toBeUndefined();

    const res = await t.gql<{ requestVerification: { id: string; status: string; missingSources: { source: string; status: string }[]; assessment: { missing: { source: string; status: string }[]; eligibility: Conclusion[] } | null } }>(token, VERIFY, {
      input: { ...batchItem(h), purpose: 'URGENT_ASSISTANCE', applicationRef: 'URGENT-1' },
    });
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data!.requestVerification;
    expect(report.status).toBe('PENDING');
    expect(report.missingSources).toContainEqual({ source: 'bank_icbc', status: 'PENDING' });
    // Approved provisionally on what answered (below the standard: 低保, or 特困 for this elderly couple), pending the banks.
    const approved = report.assessment!.eligibility.find((e) => e.onAnswered === 'ELIGIBLE')!;
    expect(['MINIMUM_LIVING', 'EXTREME_POVERTY']).toContain(approved.programme);
    expect(approved.conclusion).toBe('PROVISIONAL');
    expect(approved.grounds.at(-1)!.code).toBe('SOURCES_MISSING');
    expect(report.assessment!.missing).toContainEqual({ source: 'bank_icbc', status: 'PENDING' });
    // The household's status is not set on a provisional assessment.
    expect(await t.hub.db('household_assessments').where({ report_id: report.id }).first()).toBeUndefined();

    await t.hub.verification.settled();
    const stored = { ...(await t.hub.db('reports').where({ id: report.id }).first('status')), body: (await readReportBody(t.hub.db, report.id))! };
    expect(stored.status).toBe('COMPLETE');
    const settled = stored.body.assessment!.eligibility.find((e: Conclusion) => e.programme === approved.programme)!;
    expect(settled.conclusion).toBe('NOT_ELIGIBLE');
    expect(settled.grounds.map((g: { code: string }) => g.code)).toContain('ASSET_LIMIT_DEPOSITS_PER_CAPITA');
    const row = await t.hub.db('change_events').where({ report_id: report.id, kind: 'CONCLUSION_CHANGED' }).first('id', 'details_sealed', 'previous_report_id');
    const change = { ...row, details: openChangeDetails(t.hub.db, row.id, row.details_sealed) };
    expect(change.previous_report_id).toBe(report.id);
    expect(change.details.before).toContain(`${approved.programme}:ELIGIBLE`);
    expect(change.details.after).toContain(`${approved.programme}:NOT_ELIGIBLE`);
    // URGENT_ASSISTANCE does not allow every attribute the means test reads (the catalogue's
    // purposes): its assessment stays an urgent one and never becomes the household's status.
    expect(await t.hub.db('household_assessments').where({ report_id: report.id }).first()).toBeUndefined();
  });
});
