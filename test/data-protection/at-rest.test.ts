import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { canonicalJson } from '../../src/canonical/index.js';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors/index.js';
import { createLogger } from '../../src/logging/index.js';
import { readReportBody } from '../../src/reports/index.js';
import { startHub } from '../../src/startup/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
const KEK = randomBytes(32).toString('base64');
let t: TestHub;
let verifier: string;
let h: SandboxHousehold;
let report: { id: string; status: string; signature: { jws: string }; members: { person: { id: string; idNumberMasked: string } }[] };

// A bank answers by ticket: the report is stored PENDING, then completed as a second version.
const VERIFY = `mutation($input: VerificationInput!) { requestVerification(input: $input) { id status signature { jws } members { person { id idNumberMasked } attributes(sources: ["tax", "bank_icbc"]) { code } } } }`;

function inputFor(x: SandboxHousehold, ref: string) {
  return {
    household: {
      regionCode: x.regionCode,
      externalRef: x.id,
      members: x.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: x.declaration.members.find((d) => d.idNumber === m.idNumber)?.monthlyIncome ?? 0 })),
      declaredAssets: x.declaration.assets,
    },
    purpose: 'NEW_APPLICATION',
    applicationRef: ref,
  };
}

async function verify(ref: string): Promise<typeof report> {
  const res = await t.gql<{ requestVerification: typeof report }>(verifier, VERIFY, { input: inputFor(h, ref) });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.requestVerification;
}

beforeAll(async () => {
  t = await startTestHub({ DATA_KEK: KEK, SANDBOX_BANK_DELAY_MS: '0' });
  verifier = await t.token(['verifier'], '370102');
  h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102' && x.members.length >= 3 && x.applicant && x.members.every((m) => (m.traits.hukouRegion ?? m.regionCode) === '370102'))!;
  const documentSha256 = await t.consentDocument(verifier);
  const consents = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2028-01-01' }));
  const res = await t.gql(verifier, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents });
  expect(res.body.errors).toBeUndefined();
  report = await verify('AT-REST-1');
  await t.hub.verification.settled();
});
afterAll(async () => {
  await t?.stop();
});

/** Rows of a table whose text form (every column, as psql prints it) holds any of the needles. */
async function rowsHolding(table: string, needles: readonly string[]): Promise<number> {
  const where = needles.map(() => `t::text LIKE '%' || ? || '%'`).join(' OR ');
  const { rows } = await t.hub.db.raw(`SELECT count(*)::int AS n FROM ${table} t WHERE ${where}`, needles);
  return rows[0].n;
}

describe('personal data at rest', () => {
  it('persons, reports, report versions and declarations hold no ID number or name in clear', async () => {
    const needles = h.members.flatMap((m) => [m.idNumber, m.name]);
    expect(Number((await t.hub.db('report_versions').where({ report_id: report.id }).count({ n: '*' }).first())!.n)).toBeGreaterThanOrEqual(1);
    expect(Number((await t.hub.db('persons').count({ n: '*' }).first())!.n)).toBeGreaterThanOrEqual(h.members.length);
    for (const table of ['persons', 'reports', 'report_versions', 'verification_requests']) expect(await rowsHolding(table, needles), table).toBe(0);
    const person = await t.hub.db('persons').where({ id: report.members[0]!.person.id }).first();
    expect(person).toMatchObject({ id_number: null, name: null, birth_date: null });
    expect(Buffer.isBuffer(person.id_number_sealed) && Buffer.isBuffer(person.name_sealed) && Buffer.isBuffer(person.id_number_hmac)).toBe(true);
    const row = await t.hub.db('reports').where({ id: report.id }).first('body', 'body_sealed', 'jws');
    expect(row.body).toBeNull();
    expect(row.jws.split('.')[1]).toBe('');
    // Stored compressed (format 2): a fraction of the canonical JSON that was signed.
    expect(row.body_sealed[0]).toBe(2);
    expect(row.body_sealed.length).toBeLessThan(Buffer.byteLength(canonicalJson(await readReportBody(t.hub.db, report.id))) / 4);
  });

  it('refuses a plaintext write at the database', async () => {
    const write = t.hub.db('persons').insert({ id_number: '11010519491231002X', name: 'x', birth_date: '1949-12-31', sex: 'FEMALE' });
    await expect(write).rejects.toThrow(/persons_no_plaintext/);
  });

  it('finds the same persons by ID number on the next verification, and shows their numbers masked', async () => {
    const persons = await t.hub.db('persons').count({ n: '*' }).first();
    const again = await verify('AT-REST-2');
    await t.hub.verification.settled();
    expect(again.members.map((m) => m.person.id)).toEqual(report.members.map((m) => m.person.id));
    expect(await t.hub.db('persons').count({ n: '*' }).first()).toEqual(persons);
    expect(again.members[0]!.person.idNumberMasked).toBe(`${h.members[0]!.idNumber.slice(0, 6)}********${h.members[0]!.idNumber.slice(14)}`);
  });

  it("filters auditors' events by ID number through the keyed hash", async () => {
    const auditor = await t.token(['auditor'], '370102');
    const res = await t.gql<{ auditEvents: { action: string; applicationRef: string; subjects: string[] }[] }>(auditor, 'query($f: AuditFilter) { auditEvents(filter: $f, first: 50) { action applicationRef subjects } }', { f: { idNumber: h.members[1]!.idNumber } });
    expect(res.body.errors).toBeUndefined();
    const refs = res.body.data!.auditEvents.filter((e) => e.action === 'verification.request').map((e) => e.applicationRef);
    expect(refs).toEqual(expect.arrayContaining(['AT-REST-1', 'AT-REST-2']));
    expect(res.body.data!.auditEvents.every((e) => e.subjects.some((s) => s.startsWith(h.members[1]!.idNumber.slice(0, 6)) && s.includes('*')))).toBe(true);
    const other = await t.gql<{ auditEvents: unknown[] }>(auditor, 'query($f: AuditFilter) { auditEvents(filter: $f, first: 50) { action } }', { f: { idNumber: '11010519491231002X' } });
    expect(other.body.data!.auditEvents).toEqual([]);
  });

  it('serves a JWS, reassembled from the opened body, that verify-report accepts offline', async () => {
    const read = await t.gql<{ verificationReport: { signature: { jws: string }; reportSha256: string } }>(verifier, 'query($id: ID!) { verificationReport(id: $id) { reportSha256 signature { jws } } }', { id: report.id });
    const { jws } = read.body.data!.verificationReport.signature;
    expect(jws.split('.')).toHaveLength(3);
    expect(jws.split('.')[1]!.length).toBeGreaterThan(100);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'at-rest-'));
    writeFileSync(path.join(dir, 'report.jws'), jws);
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/signing/verify-report-cli.ts', path.join(dir, 'report.jws'), '--jwks', path.join(t.env.REPORT_KEYS_DIR!, 'jwks.json')], { cwd: repo, encoding: 'utf8' });
    const { kid } = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString()) as { kid: string };
    expect(out).toBe(`valid: report ${report.id} signed with key ${kid}, sha256 ${read.body.data!.verificationReport.reportSha256}\n`);
  });

  it('serves every stored version with a JWS the hub verifies and the version hash it was signed with', async () => {
    const res = await t.gql<{ reportVersions: { revision: number; reportSha256: string; signature: { jws: string } }[] }>(verifier, 'query($id: ID!) { reportVersions(reportId: $id) { revision reportSha256 signature { jws } } }', { id: report.id });
    const versions = res.body.data!.reportVersions;
    expect(versions.map((v) => v.revision)).toEqual([1, 2]);
    for (const v of versions) {
      const checked = await t.gql<{ verifyReport: { valid: boolean; reportSha256: string } }>(verifier, 'query($jws: String!) { verifyReport(jws: $jws) { valid reportSha256 } }', { jws: v.signature.jws });
      expect(checked.body.data!.verifyReport).toEqual({ valid: true, reportSha256: v.reportSha256 });
    }
  });

  it('does not start under another key-encryption key, naming DATA_KEK', async () => {
    const wrong = startHub(loadConfig({ ...t.env, DATA_KEK: randomBytes(32).toString('base64'), PORT: '0', SANDBOX: 'off', SOURCE_BASE_URL: 'http://127.0.0.1:9' }), quiet);
    await expect(wrong).rejects.toThrow(ConfigError);
    await expect(wrong).rejects.toThrow(/DATA_KEK: does not unwrap/);
  });
});
