import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgencyPools, createConnectors } from '../../connectors/index.js';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { recordAuditEvents } from '../../src/audit/index.js';
import { catalog } from '../../src/catalog/index.js';
import { createLogger } from '../../src/logging/index.js';
import { openReportKeyRing } from '../../src/signing/index.js';
import { createVerificationService, type VerificationInput } from '../../src/verification/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { until } from '../kit/until.js';

let t: TestHub;
let verifier: string;
let auditor: string;

const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status } }';
const OPEN = 'query($s: Int) { auditOpenAccesses(olderThanSeconds: $s) { seq action details subjects } }';

function households(region: string): SandboxHousehold[] {
  return t.hub.sandbox!.population.households.filter((x) => x.regionCode === region && x.applicant && x.members.every((m) => (m.traits.hukouRegion ?? m.regionCode) === region));
}

function inputFor(h: SandboxHousehold): VerificationInput {
  return {
    household: { regionCode: h.regionCode, externalRef: h.id, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: 0 })), declaredAssets: h.declaration.assets },
    purpose: 'NEW_APPLICATION',
    applicationRef: `APP-${h.id}`,
    attributes: ['ps_hukou.name', 'tax.taxpayer_registered'],
  } as VerificationInput;
}

async function consent(h: SandboxHousehold): Promise<void> {
  const documentSha256 = await t.consentDocument(verifier);
  const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2028-01-01' }));
  const res = await t.gql(verifier, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents });
  expect(res.body.errors).toBeUndefined();
}

const accessEvents = (access: string) => t.hub.db('audit_events').whereRaw("details ->> 'access' = ?", [access]).orderBy('seq').select('seq', 'action', 'outcome', 'details', 'report_id', 'error_code');

beforeAll(async () => {
  t = await startTestHub();
  verifier = await t.token(['verifier'], '370102');
  auditor = await t.token(['auditor'], '370102');
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('audit before access', () => {
  it('commits the access event before the first agency answers, and the stored report closes it', async () => {
    const h = households('370102')[0]!;
    await consent(h);
    t.hub.sandbox!.setBehaviour('ps_hukou', { latencyMs: 1_500 });
    try {
      let answered = false;
      const call = t.gql<{ requestVerification: { id: string } }>(verifier, VERIFY, { input: inputFor(h) }).then((r) => ((answered = true), r));
      // While public security (the first agency asked) has not answered, the access is already in the log.
      const started = await until('access event', () => t.hub.db('audit_events').where({ action: 'verification.access', application_ref: `APP-${h.id}` }).first(), (e) => e !== undefined, 5_000, 50);
      expect(answered).toBe(false);
      expect(started).toMatchObject({ outcome: 'ALLOWED', purpose: 'NEW_APPLICATION', region_code: '370102', actor_sub: 'test-verifier' });
      expect(started.details).toMatchObject({ stage: 'STARTED', sources: ['ps_hukou', 'tax'] });
      expect(started.subject_ids).toHaveLength(h.members.length);
      expect(started.attribute_codes).toEqual(['ps_hukou.name', 'tax.taxpayer_registered']);
      // The household and its members were recorded in the access's statement, with its persons.
      const household: { id: string } | undefined = await t.hub.db('households').where({ region_code: '370102', external_ref: h.id }).first('id');
      const members = household ? await t.hub.db('household_members').where({ household_id: household.id }).pluck('person_id') : [];
      expect([...members].sort()).toEqual([...started.subject_ids].sort());
      const res = await call;
      expect(res.body.errors).toBeUndefined();
      expect(await t.hub.db('reports').where({ id: res.body.data!.requestVerification.id }).first('household_id')).toEqual({ household_id: household!.id });
      const events = await accessEvents(started.details.access);
      expect(events.map((e) => [e.action, e.outcome])).toEqual([['verification.access', 'ALLOWED'], ['verification.request', 'ALLOWED']]);
      expect(events[1]!.report_id).toBe(res.body.data!.requestVerification.id);
      // The same persons and consents as the event that stores the report.
      const stored = await t.hub.db('audit_events').where({ seq: events[1]!.seq }).first('subject_ids', 'consent_ids');
      expect([...started.subject_ids].sort()).toEqual([...stored.subject_ids].sort());
      expect([...started.consent_ids].sort()).toEqual([...new Set(stored.consent_ids as string[])].sort());
    } finally {
      t.hub.sandbox!.setBehaviour('ps_hukou', { latencyMs: 0 });
    }
  });

  it('closes the access as FAILED when storing the result fails, and lists an access nothing closed', async () => {
    const h = households('370102')[1]!;
    await consent(h);
    const pools = new AgencyPools();
    const connectors = createConnectors(catalog(), { baseUrl: t.hub.sandbox!.url, pools, resilience: { timeoutMs: 2_000, retries: 0, concurrency: 4, breakerThreshold: 5, breakerHalfOpenMs: 1_000 } });
    const keys = await openReportKeyRing(mkdtempSync(join(tmpdir(), 'access-keys-')));
    // The agencies answer; the signature then fails, so nothing of the verification is stored.
    const signer = { ...keys, sign: () => Promise.reject(new Error('the signing key is not available')) };
    const service = createVerificationService({ db: t.hub.db, catalog: catalog(), catalogVersion: 1, connectors, logger: createLogger('silent'), requestDeadlineMs: 5_000, pendingTimeoutMs: 60_000, signer });
    const caller = { sub: 'failing-verifier', org: '370102', roles: ['verifier'] as const, token: 'x' };
    try {
      await expect(service.request(caller as never, inputFor(h), { attributes: null, discrepancies: false, assessment: false, unknown: [] })).rejects.toThrow(/signing key/);
    } finally {
      await service.close();
      await pools.close();
    }
    const started = await t.hub.db('audit_events').where({ action: 'verification.access', actor_sub: 'failing-verifier' }).first();
    const events = await accessEvents(started.details.access);
    expect(events.map((e) => [e.details.stage, e.outcome, e.error_code])).toEqual([['STARTED', 'ALLOWED', null], ['FAILED', 'FAILED', 'INTERNAL_SERVER_ERROR']]);
    expect(await t.hub.db('verification_requests').where({ application_ref: `APP-${h.id}` }).first()).toBeUndefined();

    // A hub killed between asking and storing leaves only the started event: the auditors' list shows it.
    await recordAuditEvents(t.hub.db, [{ action: 'verification.access', outcome: 'ALLOWED', actor: { sub: 'killed-hub', org: '370102', roles: ['verifier'] }, regionCode: '370102', subjectIds: started.subject_ids, details: { access: '6f1c2d9e-0000-4000-8000-000000000001', stage: 'STARTED', sources: ['tax'] } }]);
    const open = await t.gql<{ auditOpenAccesses: { details: string; subjects: string[] }[] }>(auditor, OPEN, { s: 0 });
    expect(open.body.errors).toBeUndefined();
    const accesses = open.body.data!.auditOpenAccesses.map((e) => JSON.parse(e.details).access);
    expect(accesses).toEqual(['6f1c2d9e-0000-4000-8000-000000000001']);
    expect(open.body.data!.auditOpenAccesses[0]!.subjects[0]).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect((await t.gql<{ auditOpenAccesses: unknown[] }>(auditor, OPEN, { s: 3600 })).body.data!.auditOpenAccesses).toEqual([]);
  });
});
