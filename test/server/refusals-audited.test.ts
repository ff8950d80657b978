import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorSet } from '../../connectors/index.js';
import type { Caller, Role } from '../../src/auth/index.js';
import { catalog } from '../../src/catalog/index.js';
import { typeDefs } from '../../src/server/index.js';
import { GUARDS, UNGUARDED, type GuardedField } from '../../src/server/resolvers/guard.js';
import { createResolvers } from '../../src/server/resolvers/index.js';
import { buildSchema } from '../../src/server/schema.js';
import { startTestHub, type TestHub } from '../kit/hub.js';

/**
 * One refused call per Query and Mutation field: a role the field's operation does not allow, or,
 * for fields every role may call, an out-of-jurisdiction region or a bad argument. `roles: []`
 * (a stored caller whose roles are no longer known) runs in-process: no token carries no role.
 */
interface Case {
  roles: Role[];
  query: string;
  variables?: Record<string, unknown>;
  /** The region the refused call was about, as its audit event must record it. */
  region?: string;
}

const ID = '00000000-0000-4000-8000-000000000000';
const MEMBER = { idNumber: '370102198001010016', name: 'Test', relation: 'HEAD' };

const CASES: Record<string, Case> = {
  attributeCatalog: { roles: [], query: '{ attributeCatalog { code } }' },
  sources: { roles: [], query: '{ sources { id } }' },
  verificationReport: { roles: ['auditor'], query: `{ verificationReport(id: "${ID}") { id } }` },
  // Earlier signed versions release values as a read does: the roles of readReport.
  reportVersions: { roles: ['auditor', 'reviewer'], query: `{ reportVersions(reportId: "${ID}") { revision } }` },
  verifyReport: { roles: ['verifier'], query: '{ verifyReport(jws: "") { valid } }' },
  household: { roles: ['auditor'], query: `{ household(id: "${ID}") { reportId } }` },
  findHouseholds: { roles: ['auditor'], query: '{ findHouseholds(externalRef: "H1") { id } }' },
  rankedHouseholds: { roles: ['admin'], query: '{ rankedHouseholds(regionCode: "370102") { hasNextPage } }', region: '370102' },
  _entities: { roles: ['auditor'], query: `{ _entities(representations: [{ __typename: "Household", id: "${ID}" }]) { __typename } }` },
  auditEvents: { roles: ['verifier'], query: '{ auditEvents { seq } }' },
  auditChain: { roles: ['admin'], query: '{ auditChain { ok } }' },
  securityEvents: { roles: ['verifier'], query: '{ securityEvents { id } }' },
  auditCheckpoints: { roles: ['verifier'], query: '{ auditCheckpoints { number } }' },
  auditOpenAccesses: { roles: ['admin'], query: '{ auditOpenAccesses { seq } }' },
  batch: { roles: ['auditor'], query: `{ batch(id: "${ID}") { id } }` },
  batchResults: { roles: ['admin'], query: `{ batchResults(id: "${ID}") { nextAfter } }` },
  reviewSchedules: { roles: ['verifier'], query: '{ reviewSchedules(regionCode: "370103") { id } }', region: '370103' },
  changes: { roles: ['auditor'], query: '{ changes(regionCode: "370102", since: "2026-01-01T00:00:00Z") { hasNextPage } }', region: '370102' },
  webhookSubscriptions: { roles: ['auditor'], query: '{ webhookSubscriptions { id } }' },
  webhookDeliveries: { roles: ['admin'], query: '{ webhookDeliveries { id } }' },
  policy: { roles: ['auditor'], query: '{ policy(regionCode: "379999", date: "2026-01-01") { date } }' },
  policyVersions: { roles: ['verifier'], query: '{ policyVersions(regionCode: "379999") { id } }' },
  registerConsents: { roles: ['auditor'], query: 'mutation { registerConsents(consents: []) { id } }' },
  revokeConsents: { roles: ['admin'], query: `mutation { revokeConsents(ids: ["${ID}"]) }` },
  requestVerification: {
    roles: ['auditor'],
    query: 'mutation($i: VerificationInput!) { requestVerification(input: $i) { id } }',
    variables: { i: { purpose: 'NEW_APPLICATION', applicationRef: 'REFUSED-1', household: { regionCode: '370102', externalRef: 'REFUSED-1', members: [MEMBER] } } },
    region: '370102',
  },
  retrySources: { roles: ['auditor'], query: `mutation { retrySources(reportId: "${ID}") { id } }` },
  savePolicy: { roles: ['verifier'], query: 'mutation { savePolicy(regionCode: "370102", effectiveFrom: "2030-01-01", parameters: {}) { id } }', region: '370102' },
  recordAssistance: { roles: ['auditor'], query: `mutation { recordAssistance(householdId: "${ID}", programme: "TEMPORARY", amount: 1, date: "2026-01-01", department: "x") { repeat } }` },
  submitBatch: { roles: ['auditor'], query: 'mutation { submitBatch(purpose: NEW_APPLICATION, households: []) { id } }' },
  cancelBatch: { roles: ['admin'], query: `mutation { cancelBatch(id: "${ID}") { id } }` },
  scheduleReview: { roles: ['verifier'], query: 'mutation { scheduleReview(regionCode: "370102", cron: "0 2 1 * *", purpose: PERIODIC_REVIEW) { id } }', region: '370102' },
  pauseReviewSchedule: { roles: ['verifier'], query: `mutation { pauseReviewSchedule(id: "${ID}") { id } }` },
  resumeReviewSchedule: { roles: ['auditor'], query: `mutation { resumeReviewSchedule(id: "${ID}") { id } }` },
  deleteReviewSchedule: { roles: ['verifier'], query: `mutation { deleteReviewSchedule(id: "${ID}") }` },
  subscribeWebhook: { roles: ['auditor'], query: 'mutation { subscribeWebhook(url: "https://example.org/hook") { id } }' },
  unsubscribeWebhook: { roles: ['admin'], query: `mutation { unsubscribeWebhook(id: "${ID}") }` },
  webhookAllowedHosts: { roles: ['verifier'], query: '{ webhookAllowedHosts { id } }' },
  allowWebhookHost: { roles: ['verifier'], query: 'mutation { allowWebhookHost(pattern: "10.0.0.5") { id } }' },
  disallowWebhookHost: { roles: ['auditor'], query: `mutation { disallowWebhookHost(id: "${ID}") }` },
  objections: { roles: ['auditor'], query: `{ objections(reportId: "${ID}") { id } }` },
  raiseObjection: {
    roles: ['auditor'],
    query: `mutation { raiseObjection(reportId: "${ID}", personId: "${ID}", attribute: "tax.wage_income_12m", proposedValue: 0, evidence: { documentSha256: "${'a'.repeat(64)}", note: "x" }) { id } }`,
  },
  // Only a reviewer decides: a verifier or an assistance system may raise an objection but not decide one.
  reviewObjection: { roles: ['verifier', 'assistance-system'], query: `mutation { reviewObjection(objectionId: "${ID}", decision: ACCEPT, note: "x") { objection { id } } }` },
  // Anomaly findings: auditors read and review them; an admin may also run the rules; admins set thresholds and account identities.
  auditFindings: { roles: ['verifier'], query: '{ auditFindings { id } }' },
  reviewAuditFinding: { roles: ['admin'], query: `mutation { reviewAuditFinding(id: "${ID}", note: "x") { id } }` },
  runAuditFindings: { roles: ['verifier'], query: 'mutation { runAuditFindings { created } }' },
  registerAuditActor: { roles: ['auditor'], query: 'mutation { registerAuditActor(sub: "x", idNumber: "370102198001010016", name: "x") }' },
  saveAuditFindingParameters: { roles: ['auditor'], query: 'mutation { saveAuditFindingParameters(regionCode: "370102", effectiveFrom: "2026-01-01", parameters: {}) }', region: '370102' },
  auditFindingSubscriptions: { roles: ['verifier'], query: '{ auditFindingSubscriptions { id } }' },
  subscribeAuditFindings: { roles: ['verifier'], query: 'mutation { subscribeAuditFindings(url: "https://example.org/hook") { id } }' },
  unsubscribeAuditFindings: { roles: ['assistance-system'], query: `mutation { unsubscribeAuditFindings(id: "${ID}") }` },
};

/** Every Query and Mutation field of the schema as built, federation's fields included. */
function schemaFields(): string[] {
  const schema = buildSubgraphSchema([{ typeDefs: typeDefs(catalog()) }]);
  return [schema.getQueryType(), schema.getMutationType()].flatMap((t) => (t && isObjectType(t) ? Object.keys(t.getFields()) : []));
}

interface EventRow {
  action: string;
  outcome: string;
  actor_sub: string;
  error_code: string | null;
  region_code: string | null;
  details: { reason?: string; field?: string | null; via?: string };
}

describe('every refusal of every operation is audited', () => {
  let t: TestHub;
  let inProcess: (caller: Caller, query: string) => Promise<{ errors?: readonly { extensions: Record<string, unknown> }[] }>;
  beforeAll(async () => {
    t = await startTestHub();
    const connectors = { get: () => undefined } as unknown as ConnectorSet;
    const deps = { db: t.hub.db, catalog: catalog(), connectors, verification: t.hub.verification, reportKeys: { jwks: () => ({ keys: [] }) }, batches: { queue: t.hub.batchQueue, chunkSize: 10 } };
    const schema = buildSchema(catalog(), createResolvers(deps));
    inProcess = (caller, query) => graphql({ schema, source: query, contextValue: { requestId: 'test', caller: async () => caller } }) as never;
  });
  afterAll(() => t?.stop());

  it('has a guard entry and a refused call for each field (a new field fails here until it has both)', () => {
    const fields = schemaFields().filter((f) => !UNGUARDED.includes(f));
    expect(fields.filter((f) => !(f in GUARDS))).toEqual([]);
    expect(fields.filter((f) => !(f in CASES))).toEqual([]);
    expect(Object.keys(GUARDS).filter((f) => !fields.includes(f))).toEqual([]);
  });

  it.each(Object.entries(CASES))('audits a refused %s once, with its action', async (field, c) => {
    const sub = `refused-${field}`;
    let code: unknown;
    if (c.roles.length === 0) {
      const res = await inProcess({ sub, org: '370102', roles: [], issuer: 'batch', tokenId: null }, c.query);
      code = res.errors?.[0]?.extensions.code;
    } else {
      const res = await t.gql(await t.token(c.roles, '370102', sub), c.query, c.variables);
      code = res.body.errors?.[0]?.extensions?.code;
    }
    expect(code, JSON.stringify(c)).toMatch(/^(FORBIDDEN|OUT_OF_JURISDICTION|BAD_USER_INPUT)$/);
    const guard = GUARDS[field as GuardedField];
    const events: EventRow[] = await t.hub.db('audit_events').where({ actor_sub: sub }).orderBy('seq').select('action', 'outcome', 'actor_sub', 'error_code', 'region_code', 'details');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: guard.action, outcome: 'REFUSED', error_code: code, region_code: c.region ?? null });
    // requestVerification's refusals are written by the service, with its own details.
    if (!('checkedBy' in guard)) expect(events[0]!.details).toMatchObject({ reason: expect.any(String), via: `graphql ${field}` });
  });

  it('does not audit a call without a valid token (no actor)', async () => {
    const before = await t.hub.db('audit_events').count<{ count: string }[]>('* as count');
    expect((await t.gql(null, '{ auditChain { ok } }')).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await t.hub.db('audit_events').count<{ count: string }[]>('* as count')).toEqual(before);
  });

  it.each([
    ['queue dashboard', '/admin/queues', 'queues.dashboard', ['verifier'] as Role[]],
    ['printable report', `/reports/${ID}.html`, 'report.read', ['auditor'] as Role[]],
    ['CSV export', `/batches/${ID}/results.csv`, 'batch.results-export', ['admin'] as Role[]],
  ])('audits a 403 at the %s the same way', async (via, path, action, roles) => {
    const sub = `refused-${action}-${roles[0]}`;
    const res = await fetch(t.url.replace('/graphql', path), { headers: { authorization: `Bearer ${await t.token(roles, '370102', sub)}` } });
    expect(res.status).toBe(403);
    const events: EventRow[] = await t.hub.db('audit_events').where({ actor_sub: sub }).orderBy('seq').select('action', 'outcome', 'error_code', 'details');
    expect(events).toEqual([expect.objectContaining({ action, outcome: 'REFUSED', error_code: 'FORBIDDEN', details: expect.objectContaining({ reason: expect.any(String), via }) })]);
  });
});
