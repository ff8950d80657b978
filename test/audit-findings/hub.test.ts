import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHousehold } from '../../connectors/sandbox/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { batchItem } from '../kit/index.js';

/*
 * The scenario through a started hub: a verifier verifies a neighbour's household under the
 * application reference of one already verified (favour, 人情保); an auditor runs the rules, sees the
 * finding with its evidence (masked persons only), reviews it with a note; an auditor elsewhere
 * is refused. And a verifier verifying their own household, once the hub knows who they are.
 */

let t: TestHub;
let verifier: string;
let auditor: string;
let farAuditor: string;
let admin: string;

const FINDING = 'id rule severity status regionCode actorSub actorOrg subjects summaryZh summaryEn params evidenceCount reviewedBy reviewedAt note evidence { seq action outcome actorSub applicationRef regionCode subjects attributeCodes }';
const FINDINGS = `query($f: AuditFindingFilter) { auditFindings(filter: $f) { ${FINDING} } }`;
const REVIEW = `mutation($id: ID!, $n: String!) { reviewAuditFinding(id: $id, note: $n) { ${FINDING} } }`;
const RUN = 'mutation { runAuditFindings { events created grown cursor } }';

interface Finding {
  id: string;
  rule: string;
  status: string;
  actorSub: string;
  subjects: string[];
  summaryZh: string;
  summaryEn: string;
  params: string;
  evidenceCount: number;
  reviewedBy: string | null;
  note: string | null;
  evidence: { seq: string; action: string; actorSub: string; applicationRef: string; regionCode: string; subjects: string[]; attributeCodes: string[] }[];
}

const households = () => t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102');

async function verify(token: string, h: SandboxHousehold, applicationRef: string): Promise<void> {
  const documentSha256 = await t.consentDocument(token);
  const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
  expect((await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c })).body.errors).toBeUndefined();
  const input = { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef, sources: ['ps_hukou', 'hrss_employment'] };
  const res = await t.gql(token, 'mutation($input: VerificationInput!) { requestVerification(input: $input) { id } }', { input });
  expect(res.body.errors).toBeUndefined();
}

const findings = async (token: string, f: Record<string, unknown>) => {
  const res = await t.gql<{ auditFindings: Finding[] }>(token, FINDINGS, { f });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.auditFindings;
};

beforeAll(async () => {
  // The interval is long: the test runs the rules itself, on demand.
  t = await startTestHub({ AUDIT_FINDINGS_INTERVAL_S: '3600' });
  verifier = await t.token(['verifier'], '370102', 'verifier-fav');
  auditor = await t.token(['auditor'], '370102', 'auditor-lixia');
  farAuditor = await t.token(['auditor'], '370800', 'auditor-jining');
  admin = await t.token(['admin'], '370100', 'admin-jinan');
});
afterAll(async () => {
  await t?.stop();
});

describe('a reused application reference, through the hub', () => {
  let finding: Finding;
  const [own, neighbour] = [0, 1];

  it('shows the finding with both verifications as evidence, persons masked', async () => {
    await verify(verifier, households()[own]!, 'DB-370102-2026-0815');
    await verify(verifier, households()[neighbour]!, 'DB-370102-2026-0815');
    const run = await t.gql<{ runAuditFindings: { created: number } }>(auditor, RUN);
    expect(run.body.errors).toBeUndefined();
    expect(run.body.data!.runAuditFindings.created).toBeGreaterThanOrEqual(1);

    const [f, ...more] = await findings(auditor, { rule: 'APPLICATION_REF_REUSED' });
    expect(more).toHaveLength(0);
    finding = f!;
    expect(finding).toMatchObject({ rule: 'APPLICATION_REF_REUSED', status: 'OPEN', actorSub: 'verifier-fav', evidenceCount: 2 });
    expect(JSON.parse(finding.params)).toMatchObject({ applicationRef: 'DB-370102-2026-0815', households: 2 });
    expect(finding.summaryZh).toContain('DB-370102-2026-0815');
    expect(finding.evidence.map((e) => [e.action, e.actorSub, e.applicationRef])).toEqual([
      ['verification.request', 'verifier-fav', 'DB-370102-2026-0815'],
      ['verification.request', 'verifier-fav', 'DB-370102-2026-0815'],
    ]);
    const ids = [households()[own]!, households()[neighbour]!].flatMap((h) => h.members.map((m) => m.idNumber));
    const shown = [...finding.subjects, ...finding.evidence.flatMap((e) => e.subjects)];
    expect(shown.length).toBeGreaterThanOrEqual(ids.length);
    for (const s of shown) expect(s).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(shown.some((s) => ids.includes(s))).toBe(false);
  });

  it('pages newest first by sequence number', async () => {
    const all = (await t.gql<{ auditFindings: { id: string; seq: string }[] }>(auditor, '{ auditFindings(first: 200) { id seq } }')).body.data!.auditFindings;
    expect(all.length).toBeGreaterThanOrEqual(1);
    const paged: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: { id: string; seq: string }[] = (await t.gql<{ auditFindings: { id: string; seq: string }[] }>(auditor, 'query($b: ID) { auditFindings(first: 1, before: $b) { id seq } }', { b: before })).body.data!.auditFindings;
      if (page.length === 0) break;
      paged.push(page[0]!.id);
      before = page[0]!.seq;
    }
    expect(paged).toEqual(all.map((f) => f.id));
    expect(all.map((f) => Number(f.seq))).toEqual([...all.map((f) => Number(f.seq))].sort((a, b) => b - a));
  });

  it('runs again on demand (an admin may too) without a second finding', async () => {
    const run = await t.gql<{ runAuditFindings: { created: number } }>(admin, RUN);
    expect(run.body.errors).toBeUndefined();
    expect(await findings(auditor, { rule: 'APPLICATION_REF_REUSED' })).toHaveLength(1);
  });

  it('refuses an auditor outside the jurisdiction, and hides the finding from them', async () => {
    const asked = await t.gql(farAuditor, FINDINGS, { f: { regionCode: '370102' } });
    expect(asked.body.errors?.[0]?.extensions?.code).toBe('OUT_OF_JURISDICTION');
    expect((await findings(farAuditor, {})).map((f) => f.id)).not.toContain(finding.id);
    const review = await t.gql(farAuditor, REVIEW, { id: finding.id, n: '看看' });
    expect(review.body.errors?.[0]?.extensions?.code).toBe('OUT_OF_JURISDICTION');
    expect((await findings(auditor, { rule: 'APPLICATION_REF_REUSED' }))[0]!.status).toBe('OPEN');
  });

  it('is reviewed with a note, once, and the review is audited', async () => {
    const note = '已核实：两户为邻居，第二户申请编号为误填，已责令更正。';
    const res = await t.gql<{ reviewAuditFinding: Finding }>(auditor, REVIEW, { id: finding.id, n: note });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.reviewAuditFinding).toMatchObject({ status: 'REVIEWED', reviewedBy: 'auditor-lixia', note });
    expect(await findings(auditor, { status: 'OPEN', rule: 'APPLICATION_REF_REUSED' })).toEqual([]);
    const again = await t.gql(auditor, REVIEW, { id: finding.id, n: 'again' });
    expect(again.body.errors?.[0]?.extensions?.code).toBe('ALREADY_REVIEWED');
    const events = await t.hub.db('audit_events').where({ action: 'audit.finding-review', actor_sub: 'auditor-lixia', outcome: 'ALLOWED' }).orderBy('seq').select('details');
    expect(events).toEqual([{ details: expect.objectContaining({ finding: finding.id, rule: 'APPLICATION_REF_REUSED' }) }]);
  });
});

describe('a verifier verifying their own household, through the hub', () => {
  it('is found once an admin has told the hub who the verifier is', async () => {
    const home = households().slice(2).find((h) => h.members.length >= 2)!;
    const self = home.members[0]!;
    const registered = await t.gql(admin, 'mutation($s: String!, $i: String!, $n: String!) { registerAuditActor(sub: $s, idNumber: $i, name: $n) }', { s: 'verifier-kin', i: self.idNumber, n: self.name });
    expect(registered.body.errors).toBeUndefined();
    await verify(await t.token(['verifier'], '370102', 'verifier-kin'), home, 'DB-370102-2026-0900');
    expect((await t.gql(auditor, RUN)).body.errors).toBeUndefined();
    const found = await findings(auditor, { rule: 'RELATIVE_LOOKUP', actorSub: 'verifier-kin' });
    expect(found.length).toBe(home.members.length - 1);
    for (const f of found) expect(JSON.parse(f.params)).toEqual({ relation: 'SAME_HOUSEHOLD' });
  });
});
