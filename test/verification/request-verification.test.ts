import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgencyPools, createConnectors } from '../../connectors/index.js';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { catalog } from '../../src/catalog/index.js';
import { createLogger } from '../../src/logging/index.js';
import { openReportKeyRing } from '../../src/signing/index.js';
import { createVerificationService } from '../../src/verification/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type Db } from '../../src/db/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { readReportBody } from '../../src/reports/index.js';
import { idNumberHash, openText, personField } from '../../src/data-protection/index.js';

let t: TestHub;
let db: Db;
let verifier: string;

const REPORT_FIELDS = `id status reportSha256 purpose
  members { idNumber name person { id idNumberMasked } records { ps_hukou { asOf name birth_date vital_status } } attributes(sources: ["tax"]) { code value unit source asOf } }
  sources { source status latencyMs error }`;
const VERIFY = `mutation($input: VerificationInput!) { requestVerification(input: $input) { ${REPORT_FIELDS} } }`;

function household(region = '370102', applicantsOnly = true): SandboxHousehold {
  // Every member registered in the region: the residence check (docs/SECURITY.md item 3) refuses others without a reason.
  const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === region && x.members.length >= 3 && (!applicantsOnly || x.applicant) && x.members.every((m) => (m.traits.hukouRegion ?? m.regionCode) === region));
  if (!h) throw new Error(`no sandbox household in ${region}`);
  return h;
}

function inputFor(h: SandboxHousehold, purpose = 'NEW_APPLICATION') {
  return {
    household: {
      regionCode: h.regionCode,
      externalRef: h.id,
      members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: h.declaration.members.find((d) => d.idNumber === m.idNumber)?.monthlyIncome ?? 0 })),
      declaredAssets: h.declaration.assets,
    },
    purpose,
    applicationRef: `APP-${h.id}`,
  };
}

async function consentAll(h: SandboxHousehold, purposes = ['NEW_APPLICATION', 'PERIODIC_REVIEW', 'URGENT_ASSISTANCE'], who = verifier) {
  const documentSha256 = await t.consentDocument(who);
  const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes, validFrom: '2026-01-01', validUntil: '2028-01-01' }));
  const res = await t.gql(who, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id member } }', { c: consents });
  expect(res.body.errors).toBeUndefined();
}

const codeOf = (res: Awaited<ReturnType<TestHub['gql']>>) => res.body.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  t = await startTestHub();
  db = t.hub.db;
  verifier = await t.token(['verifier'], '370102');
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => t.hub.sandbox!.resetStats());

describe('requestVerification', () => {
  it('returns typed records and generic attributes, calling each needed source once for the whole household', async () => {
    const h = household();
    await consentAll(h);
    t.hub.sandbox!.resetStats();
    const res = await t.gql<{ requestVerification: { id: string; status: string; members: { idNumber: string; records: { ps_hukou: { name: string; birth_date: string } | null }; attributes: { code: string; source: string }[] }[]; sources: { source: string; status: string }[] } }>(verifier, VERIFY, { input: inputFor(h) });
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data!.requestVerification;
    expect(report.status).toBe('COMPLETE');
    expect(report.members.map((m) => m.idNumber)).toEqual(h.members.map((m) => m.idNumber));
    expect(report.members[0]!.records.ps_hukou).toMatchObject({ name: h.members[0]!.name, birth_date: h.members[0]!.birthDate });
    expect(report.members.every((m) => m.attributes.every((a) => a.source === 'tax' && a.code.startsWith('tax.')))).toBe(true);
    expect(report.sources.map((s) => s.source).sort()).toEqual(['ps_hukou', 'tax']);
    const stats = t.hub.sandbox!.stats();
    expect(Object.keys(stats).sort()).toEqual(['ps_hukou', 'tax']);
    expect(stats.ps_hukou).toMatchObject({ calls: 1, persons: h.members.length });
    expect(stats.tax).toMatchObject({ calls: 1, persons: h.members.length });
  });

  it('stores the report, its source results and its audit event together, the event carrying the report hash and consents', async () => {
    const h = household('370103');
    const token = await t.token(['assistance-system'], '370103');
    const documentSha256 = await t.consentDocument(token);
    await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-06-01' })),
    });
    const res = await t.gql<{ requestVerification: { id: string; reportSha256: string } }>(token, VERIFY, { input: inputFor(h) });
    const { id, reportSha256 } = res.body.data!.requestVerification;
    const stored = await db('reports').where({ id }).first();
    expect(stored.body_sha256).toBe(reportSha256);
    expect(await db('source_results').where({ request_id: stored.request_id }).count({ n: '*' }).first()).toEqual({ n: 2 });
    const event = await db('audit_events').where({ report_id: id, action: 'verification.request' }).first();
    expect(event).toMatchObject({ outcome: 'ALLOWED', actor_org: '370103', report_sha256: reportSha256, application_ref: `APP-${h.id}` });
    expect(event.subject_ids).toHaveLength(h.members.length);
    expect(event.attribute_codes).toContain('ps_hukou.name');
    const adults = h.members.filter((m) => Number(m.birthDate.slice(0, 4)) <= 2007).length;
    expect(event.consent_ids.length).toBeGreaterThanOrEqual(adults - 1);
  });

  it('refuses with CONSENT_MISSING naming the masked member, fetches nothing, and audits the refusal', async () => {
    const h = household('370104');
    const token = await t.token(['verifier'], '370104');
    const res = await t.gql(token, VERIFY, { input: inputFor(h) });
    expect(codeOf(res)).toBe('CONSENT_MISSING');
    const head = h.members[0]!.idNumber;
    expect(res.body.errors![0]!.message).toContain(`${head.slice(0, 6)}********${head.slice(14)}`);
    expect(res.body.errors![0]!.message).not.toContain(head);
    expect(t.hub.sandbox!.stats()).toEqual({});
    const request = await db('verification_requests').where({ application_ref: `APP-${h.id}` }).first();
    expect(request).toMatchObject({ status: 'REFUSED', error_code: 'CONSENT_MISSING' });
    expect(await db('reports').where({ request_id: request.id }).first()).toBeUndefined();
    const event = await db('audit_events').where({ request_id: request.id }).first();
    expect(event).toMatchObject({ outcome: 'REFUSED', error_code: 'CONSENT_MISSING' });
    expect(event.subject_ids).toHaveLength(h.members.length);
  });

  it('keeps callers inside their jurisdiction: another county is refused, the city and province above are not', async () => {
    const h = household();
    // Registered by the province, the consents bind every organisation inside it (a county's would not bind the city).
    await consentAll(h, undefined, await t.token(['verifier'], '370000'));
    const neighbour = await t.gql(await t.token(['verifier'], '370103'), VERIFY, { input: inputFor(h) });
    expect(codeOf(neighbour)).toBe('OUT_OF_JURISDICTION');
    expect(await db('audit_events').where({ error_code: 'OUT_OF_JURISDICTION', actor_org: '370103' }).first()).toBeDefined();
    for (const org of ['370100', '370000']) {
      const res = await t.gql(await t.token(['verifier'], org), VERIFY, { input: inputFor(h) });
      expect(res.body.errors).toBeUndefined();
    }
  });

  it('answers UNAUTHENTICATED without a token and FORBIDDEN to an auditor', async () => {
    const h = household();
    expect(codeOf(await t.gql(null, VERIFY, { input: inputFor(h) }))).toBe('UNAUTHENTICATED');
    const auditor = await t.token(['auditor'], '370102');
    expect(codeOf(await t.gql(auditor, VERIFY, { input: inputFor(h) }))).toBe('FORBIDDEN');
    expect(await db('audit_events').where({ error_code: 'FORBIDDEN', actor_sub: 'test-auditor' }).first()).toBeDefined();
  });

  it.each([
    ['an ID number with a wrong check digit', (i: ReturnType<typeof inputFor>) => { i.household.members[1]!.idNumber = i.household.members[1]!.idNumber.slice(0, 17) + (i.household.members[1]!.idNumber.endsWith('1') ? '2' : '1'); }, 'INVALID_ID_NUMBER', 'input.household.members[1].idNumber'],
    ['a duplicate member', (i: ReturnType<typeof inputFor>) => { i.household.members.push({ ...i.household.members[0]!, relation: 'OTHER' }); }, 'BAD_USER_INPUT', `input.household.members[MEMBERS].idNumber`],
    ['more than 30 members', (i: ReturnType<typeof inputFor>) => { i.household.members = Array.from({ length: 31 }, () => i.household.members[0]!); }, 'BAD_USER_INPUT', 'input.household.members'],
    ['a negative declared income', (i: ReturnType<typeof inputFor>) => { i.household.members[0]!.declaredMonthlyIncome = -5; }, 'BAD_USER_INPUT', 'input.household.members[0].declaredMonthlyIncome'],
    ['an unknown region code', (i: ReturnType<typeof inputFor>) => { i.household.regionCode = '379999'; }, 'BAD_USER_INPUT', 'input.household.regionCode'],
    ['an unknown attribute', (i: ReturnType<typeof inputFor>) => { Object.assign(i, { attributes: ['tax.lottery_wins'] }); }, 'UNKNOWN_ATTRIBUTE', 'input.attributes[0]'],
    ['no head of household', (i: ReturnType<typeof inputFor>) => { i.household.members[0]!.relation = 'OTHER'; }, 'BAD_USER_INPUT', 'input.household.members'],
  ])('rejects %s, naming the field, and audits it', async (_what, spoil, code, field) => {
    const h = household();
    const input = inputFor(h);
    spoil(input);
    const res = await t.gql(verifier, VERIFY, { input });
    expect(codeOf(res)).toBe(code);
    expect(res.body.errors![0]!.extensions!.field).toBe(field.replace('MEMBERS', String(input.household.members.length - 1)));
    expect(await db('audit_events').where({ outcome: 'REFUSED', error_code: code, application_ref: `APP-${h.id}` }).first()).toBeDefined();
  });

  it('rejects an unknown purpose and a non-numeric amount at the GraphQL layer, naming them', async () => {
    const h = household();
    const badPurpose = await t.gql(verifier, VERIFY, { input: { ...inputFor(h), purpose: 'CURIOSITY' } });
    expect(codeOf(badPurpose)).toBe('BAD_USER_INPUT');
    expect(badPurpose.body.errors![0]!.message).toContain('purpose');
    const input = inputFor(h);
    (input.household.members[0] as Record<string, unknown>).declaredMonthlyIncome = 'a lot';
    const badAmount = await t.gql(verifier, VERIFY, { input });
    expect(codeOf(badAmount)).toBe('BAD_USER_INPUT');
    expect(badAmount.body.errors![0]!.message).toContain('declaredMonthlyIncome');
  });

  it('refuses attributes the purpose does not allow', async () => {
    const h = household();
    await consentAll(h);
    const res = await t.gql(verifier, 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id members { records { court { imprisoned } } } } }', { input: inputFor(h, 'URGENT_ASSISTANCE') });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.body.errors![0]!.message).toContain('court.imprisoned');
    expect(t.hub.sandbox!.stats()).toEqual({});
  });

  it('answers GraphQL-over-HTTP errors for a malformed body and a mutation over GET', async () => {
    const bad = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${verifier}` }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    const get = await fetch(`${t.url}?query=${encodeURIComponent('mutation { registerConsents(consents: []) { id } }')}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${verifier}` } });
    expect(get.status).toBe(405);
  });
});

describe('slow, failing and asynchronous sources', () => {
  it('reports a hanging source as TIMEOUT within the request deadline while the others answer', async () => {
    const h = household('370112');
    const token = await t.token(['verifier'], '370112');
    const documentSha256 = await t.consentDocument(token);
    await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-06-01' })),
    });
    t.hub.sandbox!.setBehaviour('tax', { timeoutRate: 1, hangMs: 30_000 });
    try {
      const started = Date.now();
      const res = await t.gql<{ requestVerification: { sources: { source: string; status: string }[] } }>(token, VERIFY, { input: inputFor(h) });
      expect(Date.now() - started).toBeLessThan(8_000 + 2_000);
      const sources = Object.fromEntries(res.body.data!.requestVerification.sources.map((s) => [s.source, s.status]));
      expect(sources).toEqual({ ps_hukou: 'OK', tax: 'TIMEOUT' });
    } finally {
      t.hub.sandbox!.setBehaviour('tax', { timeoutRate: 0 });
    }
  });

  it('leaves a bank PENDING, then completes the stored report when the answer arrives', async () => {
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102' && x.members.some((m) => 'bank_icbc' in m.traits.deposits))!;
    await consentAll(h);
    const res = await t.gql<{ requestVerification: { id: string; status: string; sources: { source: string; status: string }[] } }>(verifier, 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status sources { source status } } }', { input: { ...inputFor(h), sources: ['bank_icbc'] } });
    const report = res.body.data!.requestVerification;
    expect(report).toMatchObject({ status: 'PENDING', sources: [{ source: 'bank_icbc', status: 'PENDING' }] });
    await t.hub.verification.settled();
    const read = await t.gql<{ verificationReport: { status: string; sources: { status: string }[]; members: { attributes: { code: string; value: number }[] }[] } }>(verifier, `{ verificationReport(id: "${report.id}") { status sources { status } members { attributes(codes: ["bank_icbc.demand_deposit"]) { code value } } } }`);
    const done = read.body.data!.verificationReport;
    expect(done.status).toBe('COMPLETE');
    expect(done.sources[0]!.status).toBe('OK');
    expect(done.members.flatMap((m) => m.attributes).some((a) => a.value > 0)).toBe(true);
    const events = await db('audit_events').where({ report_id: report.id }).orderBy('seq').pluck('action');
    expect(events).toEqual(['verification.request', 'verification.sources-answered', 'report.read']);
  });
});

describe('reading reports and the audit trail', () => {
  it('lets an auditor find who looked at a person, masked and without values, and detects a tampered chain', async () => {
    const h = household();
    await consentAll(h);
    await t.gql(verifier, VERIFY, { input: inputFor(h) });
    const auditor = await t.token(['auditor'], '370100');
    const res = await t.gql<{ auditEvents: { action: string; subjects: string[]; attributeCodes: string[]; details: string }[] }>(auditor, 'query($f: AuditFilter) { auditEvents(filter: $f, first: 100) { action subjects attributeCodes details } }', { f: { idNumber: h.members[0]!.idNumber } });
    const events = res.body.data!.auditEvents;
    expect(events.some((e) => e.action === 'verification.request')).toBe(true);
    const text = JSON.stringify(events);
    expect(text).not.toContain(h.members[0]!.idNumber);
    expect(text).not.toContain(h.members[0]!.name);
    expect(events[0]!.subjects[0]).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(codeOf(await t.gql(auditor, `{ verificationReport(id: "00000000-0000-0000-0000-000000000000") { id } }`))).toBe('FORBIDDEN');

    const chain = '{ auditChain { ok checked brokenAt } }';
    expect((await t.gql<{ auditChain: { ok: boolean } }>(auditor, chain)).body.data!.auditChain.ok).toBe(true);
    const victim = await db('audit_events').orderBy('seq').first('seq');
    // The hub's own connections may not change events; a database administrator who switches the
    // append-only trigger off can, and the chain shows it.
    const owner = createDb(t.env.DATABASE_URL!, { min: 0, max: 1 });
    await owner.raw('ALTER TABLE audit_events DISABLE TRIGGER USER');
    await owner('audit_events').where({ seq: victim.seq }).update({ actor_sub: 'someone-else' });
    await owner.destroy();
    const broken = (await t.gql<{ auditChain: { ok: boolean; brokenAt: string } }>(auditor, chain)).body.data!.auditChain;
    expect(broken).toMatchObject({ ok: false, brokenAt: String(victim.seq) });
  });

  it('refuses a report read from outside its jurisdiction', async () => {
    const h = household();
    await consentAll(h);
    const made = await t.gql<{ requestVerification: { id: string } }>(verifier, VERIFY, { input: inputFor(h) });
    const id = made.body.data!.requestVerification.id;
    const other = await t.token(['verifier'], '370103');
    expect(codeOf(await t.gql(other, `{ verificationReport(id: "${id}") { id } }`))).toBe('OUT_OF_JURISDICTION');
    const own = await t.gql<{ verificationReport: { id: string } }>(verifier, `{ verificationReport(id: "${id}") { id } }`);
    expect(own.body.data!.verificationReport.id).toBe(id);
  });
});

describe('restarts', () => {
  it('resumes collecting a pending bank after the service that asked is closed', async () => {
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370103' && x.members.some((m) => 'bank_ccb' in m.traits.deposits))!;
    const token = await t.token(['verifier'], '370103');
    const documentSha256 = await t.consentDocument(token);
    await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-06-01' })),
    });
    t.hub.sandbox!.setBehaviour('bank_ccb', { asyncDelayMs: 1_500 });
    try {
      const res = await t.gql<{ requestVerification: { id: string; status: string } }>(token, 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status } }', { input: { ...inputFor(h), sources: ['bank_ccb'] } });
      const { id } = res.body.data!.requestVerification;
      await t.hub.verification.close();
      expect(await db('reports').where({ id }).first('status')).toEqual({ status: 'PENDING' });

      const pools = new AgencyPools();
      const connectors = createConnectors(catalog(), { baseUrl: t.hub.sandbox!.url, pools, resilience: { timeoutMs: 2_000, retries: 0, concurrency: 4, breakerThreshold: 5, breakerHalfOpenMs: 1_000 } });
      const restarted = createVerificationService({ db, catalog: catalog(), catalogVersion: 1, connectors, logger: createLogger('silent'), requestDeadlineMs: 5_000, pendingTimeoutMs: 60_000, signer: await openReportKeyRing(mkdtempSync(join(tmpdir(), 'hub-restart-keys-'))) });
      try {
        expect(await restarted.resumePending()).toBe(1);
        await restarted.settled();
      } finally {
        await restarted.close();
        await pools.close();
      }
      const done = { ...(await db('reports').where({ id }).first('status')), body: (await readReportBody(db, id))! };
      expect(done.status).toBe('COMPLETE');
      expect(done.body.sources[0]).toMatchObject({ source: 'bank_ccb', status: 'OK' });
    } finally {
      t.hub.sandbox!.setBehaviour('bank_ccb', { asyncDelayMs: 100 });
    }
  });
});

describe('edges of the request', () => {
  it('stores a report that fetched nothing when the selection needs no attribute', async () => {
    const h = household('370811');
    const token = await t.token(['verifier'], '370811');
    const documentSha256 = await t.consentDocument(token);
    await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-06-01' })),
    });
    const res = await t.gql<{ requestVerification: { status: string; sources: unknown[] } }>(token, 'mutation($input: VerificationInput!) { requestVerification(input: $input) { status sources { source } } }', { input: inputFor(h) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.requestVerification).toEqual({ status: 'COMPLETE', sources: [] });
    expect(t.hub.sandbox!.stats()).toEqual({});
  });

  it('fetches nothing for fields skipped with @skip', async () => {
    const h = household();
    await consentAll(h);
    const res = await t.gql(verifier, 'mutation($input: VerificationInput!, $no: Boolean!) { requestVerification(input: $input) { members { records { ps_hukou { name } tax @skip(if: $no) { wage_income_12m } } } } }', { input: inputFor(h), no: true });
    expect(res.body.errors).toBeUndefined();
    expect(Object.keys(t.hub.sandbox!.stats())).toEqual(['ps_hukou']);
  });

  it('refuses an unknown code in attributes(codes:) before fetching or storing anything, and audits it', async () => {
    const h = household();
    await consentAll(h);
    const before = await db('reports').count({ n: '*' }).first();
    const res = await t.gql(verifier, 'mutation($input: VerificationInput!) { requestVerification(input: $input) { members { attributes(codes: ["tax.nonsense"]) { code } } } }', { input: { ...inputFor(h), applicationRef: 'UNKNOWN-CODE' } });
    expect(codeOf(res)).toBe('UNKNOWN_ATTRIBUTE');
    expect(await db('reports').count({ n: '*' }).first()).toEqual(before);
    expect(t.hub.sandbox!.stats()).toEqual({});
    expect(await db('audit_events').where({ application_ref: 'UNKNOWN-CODE', error_code: 'UNKNOWN_ATTRIBUTE' }).first()).toBeDefined();
  });

  it('never renames a person from a refused request', async () => {
    const h = household();
    await consentAll(h);
    const input = inputFor(h);
    input.household.members[0]!.name = 'MALLORY';
    const res = await t.gql(await t.token(['auditor'], '370102'), VERIFY, { input });
    expect(codeOf(res)).toBe('FORBIDDEN');
    const person = await db('persons').where({ id_number_hmac: idNumberHash(db, h.members[0]!.idNumber) }).first('id', 'name_sealed');
    expect(openText(db, personField(person.id, 'name'), person.name_sealed)).toBe(h.members[0]!.name);
  });
});

describe('consents', () => {
  const register = async (token: string, h: SandboxHousehold, validUntil: string) => {
    const documentSha256 = await t.consentDocument(token);
    return t.gql<{ registerConsents: { id: string }[] }>(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['PERIODIC_REVIEW'], validFrom: '2025-01-01', validUntil })),
    });
  };

  it('refuses an expired consent, naming the field', async () => {
    const res = await register(verifier, household(), '2026-01-01');
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.body.errors![0]!.extensions!.field).toBe('consents[0].validUntil');
  });

  it('reads a date without a time as that day in Beijing: valid from its first hour there, whatever the UTC day', async () => {
    const h = household('370102');
    const documentSha256 = await t.consentDocument(verifier);
    const res = await t.gql<{ registerConsents: { id: string; validFrom: string; validUntil: string }[] }>(verifier, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id validFrom validUntil } }', {
      c: [{ idNumber: h.members[0]!.idNumber, name: h.members[0]!.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-11-28', validUntil: '2030-01-01T00:00:00Z' }],
    });
    expect(res.body.errors).toBeUndefined();
    const stored = await db('consents').where({ id: res.body.data!.registerConsents[0]!.id }).first('valid_from', 'valid_until');
    // 00:00 on the 28th in Beijing is 16:00 on the 27th in UTC; a time given stays as given.
    expect((stored.valid_from as Date).toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect((stored.valid_until as Date).toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('stops verifications once the consent is revoked, and only the registering jurisdiction may revoke it', async () => {
    const h = household('370828');
    const token = await t.token(['assistance-system'], '370828');
    const ids = (await register(token, h, '2027-12-31')).body.data!.registerConsents.map((c) => c.id);
    const input = { ...inputFor(h, 'PERIODIC_REVIEW'), applicationRef: 'REVIEW-1' };
    expect((await t.gql(token, VERIFY, { input })).body.errors).toBeUndefined();
    const outsider = await t.gql(await t.token(['assistance-system'], '370102'), 'mutation($ids: [ID!]!) { revokeConsents(ids: $ids) }', { ids });
    expect(codeOf(outsider)).toBe('BAD_USER_INPUT');
    const revoked = await t.gql<{ revokeConsents: string[] }>(token, 'mutation($ids: [ID!]!) { revokeConsents(ids: $ids) }', { ids });
    expect(revoked.body.data!.revokeConsents.sort()).toEqual([...ids].sort());
    expect(codeOf(await t.gql(token, VERIFY, { input }))).toBe('CONSENT_MISSING');
    expect(await db('audit_events').where({ action: 'consent.revoke', actor_org: '370828' }).first()).toBeDefined();
  });
});

describe('audit by region', () => {
  it('shows a county auditor the looks at its households by city staff', async () => {
    const h = household('370883');
    const city = await t.token(['verifier'], '370800', 'city-verifier');
    const documentSha256 = await t.consentDocument(city);
    await t.gql(city, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
      c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-06-01' })),
    });
    await t.gql(city, VERIFY, { input: inputFor(h) });
    const auditor = await t.token(['auditor'], '370883');
    const res = await t.gql<{ auditEvents: { actorSub: string; action: string; regionCode: string }[] }>(auditor, '{ auditEvents(first: 50) { actorSub action regionCode } }');
    expect(res.body.data!.auditEvents).toContainEqual({ actorSub: 'city-verifier', action: 'verification.request', regionCode: '370883' });
  });
});
