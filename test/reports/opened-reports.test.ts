import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { configureOpenedReports, findReport, purgeReportBodies } from '../../src/reports/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';

let t: TestHub;
let token: string;

const VERIFY = 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id status } }';
const RETRY = 'mutation($id: ID!) { retrySources(reportId: $id) { id status } }';

async function verify(h: SandboxHousehold, taxDown: boolean): Promise<string> {
  const documentSha256 = await t.consentDocument(token);
  const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c })).body.errors).toBeUndefined();
  t.hub.sandbox!.setBehaviour('tax', { failureRate: taxDown ? 1 : 0 });
  try {
    const res = await t.gql<{ requestVerification: { id: string } }>(token, VERIFY, { input: { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}`, sources: ['ps_hukou', 'tax'] } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.requestVerification.id;
  } finally {
    t.hub.sandbox!.setBehaviour('tax', { failureRate: 0 });
  }
}

const households = () => t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102');

beforeAll(async () => {
  t = await startTestHub({ SOURCE_RETRIES: '0', BREAKER_THRESHOLD: '1000' });
  token = await t.token(['verifier'], '370102');
});
afterAll(async () => {
  configureOpenedReports(64, 30);
  await t?.stop();
});

describe('report versions kept opened for the reads that follow', () => {
  it('serves a second read from memory, frozen, with the same signature and hash', async () => {
    const id = await verify(households()[0]!, false);
    const first = await findReport(t.hub.db, id);
    const second = await findReport(t.hub.db, id);
    expect(second!.body).toBe(first!.body);
    expect(Object.isFrozen(second!.body.members[0])).toBe(true);
    expect(() => (second!.body.members as unknown[]).push(null)).toThrow(TypeError);
    expect(second!.jws).toBe(first!.jws);
    expect(second!.sha256).toBe((await t.hub.db('reports').where({ id }).first('body_sha256')).body_sha256);
  });

  it('answers each read of a kept version with the attributes that read selected', async () => {
    const id = await verify(households()[4]!, false);
    const read = (args: string) => t.gql<{ verificationReport: { members: { attributes: { code: string }[] }[] } }>(token, `query($id: ID!) { verificationReport(id: $id) { members { attributes${args} { code } } } }`, { id });
    const all = (await read('')).body.data!.verificationReport.members[0]!.attributes.map((a) => a.code);
    expect(all.length).toBeGreaterThan(3);
    const some = (await read('(codes: ["ps_hukou.address"])')).body.data!.verificationReport.members[0]!.attributes.map((a) => a.code);
    expect(some).toEqual(['ps_hukou.address']);
    expect((await read('')).body.data!.verificationReport.members[0]!.attributes.map((a) => a.code)).toEqual(all);
    expect((await read('(sources: ["tax"])')).body.data!.verificationReport.members[0]!.attributes.every((a) => a.code.startsWith('tax.'))).toBe(true);
  });

  it('reads the new version once the row holds one, never the kept older one', async () => {
    const id = await verify(households()[1]!, true);
    const incomplete = await findReport(t.hub.db, id);
    expect(incomplete!.body.status).toBe('INCOMPLETE');
    expect((await findReport(t.hub.db, id))!.body).toBe(incomplete!.body);
    const retried = await t.gql<{ retrySources: { status: string } }>(token, RETRY, { id });
    expect(retried.body.data!.retrySources.status).toBe('COMPLETE');
    const complete = await findReport(t.hub.db, id);
    expect(complete!.body.status).toBe('COMPLETE');
    expect(complete!.revision).toBe(incomplete!.revision! + 1);
    expect(complete!.sha256).not.toBe(incomplete!.sha256);
  });

  it('checks the kept versions of reads arriving together in one statement, each read answered with its own report', async () => {
    const ids = [await verify(households()[5]!, false), await verify(households()[6]!, false)];
    const kept = await Promise.all(ids.map((id) => findReport(t.hub.db, id)));
    const statements: string[] = [];
    const count = (q: { sql: string }) => void (/from "reports"/.test(q.sql) && statements.push(q.sql));
    t.hub.db.on('query', count);
    try {
      const reads = await Promise.all([...ids, ...ids, ...ids].map((id) => findReport(t.hub.db, id)));
      expect(statements).toHaveLength(1);
      // The row without its sealed body.
      expect(statements[0]).toMatch(/^select "id", "body_sha256", "jws", "signing_kid", "revision" from "reports"/);
      reads.forEach((r, i) => expect(r!.body).toBe(kept[i % 2]!.body));
      expect(await findReport(t.hub.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
    } finally {
      t.hub.db.off('query', count);
    }
  });

  it('reads a purged report as not found though it was kept', async () => {
    const id = await verify(households()[2]!, false);
    expect(await findReport(t.hub.db, id)).not.toBeNull();
    await t.hub.db.transaction((trx) => purgeReportBodies(trx, [id]));
    expect(await findReport(t.hub.db, id)).toBeNull();
  });

  it('keeps nothing with REPORT_CACHE_ENTRIES=0: every read opens the sealed body again', async () => {
    configureOpenedReports(0, 30);
    const id = await verify(households()[3]!, false);
    const first = await findReport(t.hub.db, id);
    const second = await findReport(t.hub.db, id);
    expect(second!.body).not.toBe(first!.body);
    expect(second!.body).toEqual(first!.body);
    expect(Object.isFrozen(second!.body)).toBe(false);
  });
});
