import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingHttpHeaders } from 'node:http';
import { platformTypeDefs, startPlatform, type PlatformServer } from '../../examples/assistance-platform/index.js';
import { composeSupergraph, hubSubgraph, startGatewayProcess, type GatewayProcess } from '../../src/federation/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { until } from '../kit/index.js';

/**
 * The hub, the sample assistance platform and Hive Gateway (started as `npm run gateway` starts it,
 * from gateway.config.ts), each on a free port: what a platform's client sees through the gateway.
 */
let t: TestHub;
let platform: PlatformServer;
let gateway: GatewayProcess;
let token: string;
let householdId: string;
let caseId: string;
const platformSaw: IncomingHttpHeaders[] = [];

type Answer<T> = { status: number; body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] } };

async function viaGateway<T = Record<string, unknown>>(bearer: string | null, query: string, variables?: Record<string, unknown>): Promise<Answer<T>> {
  const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as Answer<T>['body'] };
}

const CASE = `query($id: ID!) { case(id: $id) {
  id state openedOn caseworker { name office }
  application { reference programme applicant { idNumberMasked } }
  household { id regionCode externalRef status { hardshipIndex circle assessedAt history { status } } }
} }`;

beforeAll(async () => {
  t = await startTestHub();
  platform = await startPlatform({ onRequest: (headers) => platformSaw.push(headers) });
  const { supergraphSdl } = composeSupergraph([hubSubgraph(t.url), { name: 'assistance-platform', typeDefs: platformTypeDefs, url: platform.url }]);
  gateway = await startGatewayProcess(supergraphSdl);
  const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102' && x.applicant)!;
  token = await t.token(['assistance-system'], '370102', 'platform-client');
  const documentSha256 = await t.consentDocument(token);
  await t.gql(token, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', {
    c: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' })),
  });
  // The platform asks the hub (through the gateway) to verify the household, then opens its case with the hub's ids.
  const made = await viaGateway<{ requestVerification: { household: { id: string }; members: { person: { id: string } }[] } }>(token, 'mutation($i: VerificationInput!) { requestVerification(input: $i) { household { id } members { person { id } } assessment { circle } } }', {
    i: { household: { regionCode: h.regionCode, externalRef: h.id, members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation })) }, purpose: 'NEW_APPLICATION', applicationRef: `APP-${h.id}` },
  });
  expect(made.body.errors).toBeUndefined();
  await t.hub.verification.settled();
  householdId = made.body.data!.requestVerification.household.id;
  const opened = await viaGateway<{ openCase: { id: string } }>(token, 'mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
    i: { householdId, applicantId: made.body.data!.requestVerification.members[0]!.person.id, reference: `APP-${h.id}`, programme: 'MINIMUM_LIVING', caseworkerId: 'cw-1' },
  });
  expect(opened.body.errors).toBeUndefined();
  caseId = opened.body.data!.openCase.id;
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await platform?.stop();
  await t?.stop();
});

describe('the hub through Hive Gateway', () => {
  it("answers one query with the platform's case and the hub's household status and hardship index", async () => {
    const res = await viaGateway<{ case: { state: string; caseworker: { name: string }; application: { applicant: { idNumberMasked: string } }; household: { id: string; regionCode: string; status: { hardshipIndex: number; history: { status: string }[] } } } }>(token, CASE, { id: caseId });
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data!.case;
    expect(c).toMatchObject({ state: 'AWAITING_VERIFICATION', caseworker: { name: '王芳' }, household: { id: householdId, regionCode: '370102' } });
    expect(c.application.applicant.idNumberMasked).toMatch(/^370102\*{8}\d{3}[\dX]$/);
    const direct = await t.gql<{ household: { hardshipIndex: number } }>(token, 'query($id: ID!) { household(id: $id) { hardshipIndex } }', { id: householdId });
    expect(c.household.status.hardshipIndex).toBe(direct.body.data!.household.hardshipIndex);
    expect(c.household.status.history.map((h) => h.status)).toHaveLength(1);
  });

  it('sends the bearer token to the hub only, the request id to every subgraph', async () => {
    platformSaw.length = 0;
    const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-gw-1' }, body: JSON.stringify({ query: CASE, variables: { id: caseId } }) });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect(platformSaw.length).toBeGreaterThan(0);
    expect(platformSaw.every((h) => h.authorization === undefined && h['x-request-id'] === 'req-gw-1')).toBe(true);
  });

  it('lets the hub refuse a request without a valid token: UNAUTHENTICATED through the gateway, recorded in the security log', async () => {
    for (const bearer of [null, 'not-a-token']) {
      const res = await viaGateway<{ case: { household: unknown } | null }>(bearer, CASE, { id: caseId });
      expect(res.body.data?.case?.household ?? null).toBeNull();
      expect(res.body.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
    }
    // The security log writes in the background: polled until both refusals are there.
    const reasons = async () => ((await t.hub.db('security_events').where({ kind: 'AUTHENTICATION_FAILED' }).select('reason')) as { reason: string }[]).map((e) => e.reason);
    await until('both refusals in the security log', reasons, (r) => r.includes('MALFORMED') && r.includes('MISSING'));
  });

  it('keeps the audit out of the supergraph: an auditor cannot ask it through the gateway, only of the hub', async () => {
    const auditor = await t.token(['auditor'], '370102', 'gateway-auditor');
    const through = await viaGateway(auditor, '{ auditEvents(first: 1) { seq action } }');
    expect(through.body.data ?? null).toBeNull();
    expect(through.body.errors?.[0]?.message).toMatch(/Cannot query field "auditEvents" on type "Query"/);
    const direct = await t.gql<{ auditEvents: unknown[] }>(auditor, '{ auditEvents(first: 1) { seq action } }');
    expect(direct.body.errors).toBeUndefined();
    expect(direct.body.data!.auditEvents).toHaveLength(1);
  });

  it('passes the hub\'s jurisdiction refusal through with its code and path', async () => {
    const neighbour = await t.token(['assistance-system'], '370103', 'neighbour-client');
    const res = await viaGateway<{ case: unknown }>(neighbour, CASE, { id: caseId });
    // The household and the applicant are both the hub's: each refused with its code, nothing the gateway masks.
    expect(res.body.data).toEqual({ case: null });
    expect(res.body.errors?.map((e) => [e.extensions?.code, e.path?.slice(0, 3).join('.')]).sort()).toEqual([
      ['OUT_OF_JURISDICTION', 'case.application.applicant'],
      ['OUT_OF_JURISDICTION', 'case.household.regionCode'],
    ]);
    expect(JSON.stringify(res.body.errors)).not.toContain('370102********');
    const root = await viaGateway(neighbour, 'query($id: ID!) { household(id: $id) { hardshipIndex } }', { id: householdId });
    expect(root.body.errors?.map((e) => e.extensions?.code)).toEqual(['OUT_OF_JURISDICTION']);
  });
});
