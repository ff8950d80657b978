import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import knex from 'knex';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevKeys, signDevToken } from '../../src/auth/index.js';
import { createLogger } from '../../src/logging/index.js';
import { createSecurityLog, purgeSecurityEvents, SECURITY_LOG_RETENTION_DAYS, type SecurityEventInput } from '../../src/security-log/index.js';
import { batchItem, until } from '../kit/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { createTestIssuer, forgedToken } from './issuer.js';

/**
 * The security log (issue 14, 3b): requests refused before any data is touched leave a row with
 * their reason and source address, masked and flood-guarded; a refused foreign read carries the
 * report's region; auditors read the log within their jurisdiction.
 */
let t: TestHub;
let root: string;

interface Row {
  id: string;
  kind: string;
  reason: string | null;
  error_code: string;
  source_address: string | null;
  actor_sub: string | null;
  actor_org: string | null;
  claimed_sub: string | null;
  claimed_org: string | null;
  door: string;
  detail: string | null;
  region_code: string | null;
  count: number;
}

beforeAll(async () => {
  t = await startTestHub({ QUOTA_ORG_VERIFICATIONS_PER_MINUTE: '1' });
  root = t.url.replace('/graphql', '');
}, 60_000);
afterAll(() => t?.stop());

const rows = (): Promise<Row[]> => t.hub.db('security_events').orderBy('id').select('*');
const lastId = async (): Promise<number> => Number((await t.hub.db('security_events').max({ m: 'id' }).first())?.m ?? 0);
const newRows = (after: number, n: number): Promise<Row[]> =>
  until(
    `${n} security event(s)`,
    () => t.hub.db('security_events').where('id', '>', after).orderBy('id').select('*') as Promise<Row[]>,
    (r) => r.length >= n,
  );

/** One GraphQL call with a raw Authorization header (or none). */
async function call(authorization: string | null, query = '{ __typename }'): Promise<number> {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) }, body: JSON.stringify({ query }) });
  await res.text();
  return res.status;
}

describe('authentication failures', () => {
  it('a missing, malformed, forged and expired token each leave one row with its reason, the source address and the door', async () => {
    const keys = await ensureDevKeys(t.env.AUTH_DEV_KEYS_DIR!);
    const expired = await signDevToken(keys, { sub: 'expired-user', org: '370102', roles: ['verifier'], ttlSeconds: -3_600 });
    const cases: [string | null, string][] = [
      [null, 'MISSING'],
      ['Bearer not-a-jwt', 'MALFORMED'],
      [`Bearer ${await forgedToken()}`, 'FORGED'],
      [`Bearer ${expired}`, 'EXPIRED'],
    ];
    for (const [authorization, reason] of cases) {
      const before = await lastId();
      expect(await call(authorization)).toBe(401);
      const [row, ...more] = await newRows(before, 1);
      expect(more).toHaveLength(0);
      expect(row).toMatchObject({ kind: 'AUTHENTICATION_FAILED', reason, error_code: 'UNAUTHENTICATED', door: 'POST /graphql', actor_sub: null, region_code: null, count: 1 });
      expect(row!.source_address).toMatch(/127\.0\.0\.1$/);
    }
    // The expired token is the hub's own, so what it claims labels the row (never trusted as an actor).
    const expiredRow = (await rows()).find((r) => r.reason === 'EXPIRED');
    expect(expiredRow).toMatchObject({ claimed_sub: 'expired-user', claimed_org: '370102', actor_sub: null, actor_org: null });
  });

  it('sends a signed-out browser opening a page to sign in and back (still recorded); a script keeps the 401', async () => {
    const before = await lastId();
    const page = `/reports/${randomUUID()}.html`;
    // undici's request, not fetch: fetch sets Sec-Fetch-Mode itself (cors), as a script in a page would.
    const get = async (path: string, headers: Record<string, string>) => {
      const res = await request(`${root}${path}`, { headers });
      await res.body.dump();
      return { status: res.statusCode, location: res.headers.location };
    };
    expect(await get(page, { 'sec-fetch-mode': 'navigate', accept: 'text/html' })).toEqual({ status: 303, location: `/auth/sign-in?return=${encodeURIComponent(page)}` });
    // A browser that sends no Sec-Fetch headers: its Accept says it wants a page.
    expect(await get('/admin/queues', { accept: 'text/html,application/xhtml+xml' })).toEqual({ status: 303, location: '/auth/sign-in?return=%2Fadmin%2Fqueues' });
    expect((await get(page, { 'sec-fetch-mode': 'cors', accept: 'text/html' })).status).toBe(401);
    expect((await get(page, { 'sec-fetch-mode': 'navigate', authorization: 'Bearer nope' })).status).toBe(401);
    expect((await newRows(before, 4)).map((r) => r.door).sort()).toEqual(['GET /admin/queues', 'GET /reports/:file', 'GET /reports/:file', 'GET /reports/:file']);
  });

  it('HTTP routes record theirs too: printable report, batch upload, queue dashboard, consent documents', async () => {
    const before = await lastId();
    expect((await fetch(`${root}/reports/${randomUUID()}.html`)).status).toBe(401);
    const upload = await fetch(`${root}/batches?purpose=NEW_APPLICATION`, { method: 'POST', headers: { authorization: `Bearer ${await forgedToken()}`, 'content-type': 'application/x-ndjson' }, body: '{}\n' });
    expect(upload.status).toBe(401);
    expect((await fetch(`${root}/admin/queues`, { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).status).toBe(401);
    expect((await t.uploadConsentDocument('not-a-jwt', new Uint8Array(10), 'application/pdf')).status).toBe(401);
    const found = await newRows(before, 4);
    // Written without waiting, so in any order.
    expect(found.map((r) => [r.door, r.reason]).sort()).toEqual([
      ['GET /admin/queues', 'MALFORMED'],
      ['GET /reports/:file', 'MISSING'],
      ['POST /batches', 'FORGED'],
      ['POST /consents/documents', 'MALFORMED'],
    ]);
  });

  it('an issuer nobody trusts is UNTRUSTED_ISSUER', async () => {
    const before = await lastId();
    const stranger = await createTestIssuer('https://idp.elsewhere.example/');
    expect(await call(`Bearer ${await stranger.sign({ org: '370102', roles: ['admin'] })}`)).toBe(401);
    expect((await newRows(before, 1))[0]).toMatchObject({ reason: 'UNTRUSTED_ISSUER', claimed_org: '370102' });
  });
});

describe('validation failures and quota refusals', () => {
  it('a query that does not validate, and one that does not parse, leave rows naming the verified caller', async () => {
    const token = await t.token(['verifier'], '370103', 'validation-prober');
    const before = await lastId();
    expect((await t.gql(token, '{ noSuchField }')).status).toBe(400);
    expect((await t.gql(token, '{ sources { id ')).status).toBe(400);
    const found = await newRows(before, 2);
    expect(found).toHaveLength(2);
    expect(found).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'VALIDATION_FAILED', error_code: 'GRAPHQL_VALIDATION_FAILED', actor_sub: 'validation-prober', actor_org: '370103', claimed_sub: null, detail: expect.stringContaining('noSuchField') }),
      expect.objectContaining({ kind: 'VALIDATION_FAILED', error_code: 'GRAPHQL_PARSE_FAILED', actor_sub: 'validation-prober' }),
    ]));
  });

  it("the armour's limits, the token limit and a body that is not JSON leave rows too", async () => {
    const token = await t.token(['verifier'], '370104', 'limit-prober');
    const before = await lastId();
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: sources { id }`).join(' ');
    expect((await t.gql(token, `{ ${aliases} }`)).status).toBe(400);
    expect((await t.gql(token, `{ ${Array.from({ length: 6_000 }, () => 'sources { id }').join(' ')} }`)).status).toBe(400);
    const notJson = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query": ' });
    expect(notJson.status).toBe(400);
    const found = await newRows(before, 3);
    expect(found.map((r) => [r.error_code, r.door, r.actor_sub]).sort()).toEqual([
      ['BAD_REQUEST', 'POST /graphql', 'limit-prober'],
      ['GRAPHQL_PARSE_FAILED', 'POST /graphql', 'limit-prober'],
      ['GRAPHQL_VALIDATION_FAILED', 'graphql (unnamed operation)', 'limit-prober'],
    ]);
    expect(found.find((r) => r.error_code === 'GRAPHQL_VALIDATION_FAILED')!.detail).toMatch(/aliases/i);
  });

  it('a quota refusal leaves a row with the quota as its reason', async () => {
    const token = await t.token(['verifier'], '620702', 'quota-spender');
    const input = { purpose: 'NEW_APPLICATION', applicationRef: 'SL-Q', household: { regionCode: '620702', externalRef: 'SL-Q', members: [{ idNumber: '370102198001010016', name: 'Test', relation: 'HEAD' }] } };
    const query = 'mutation($i: VerificationInput!) { requestVerification(input: $i) { id } }';
    await t.gql(token, query, { i: input });
    const before = await lastId();
    expect((await t.gql(token, query, { i: input })).status).toBe(429);
    const found = await until('the quota refusal', () => t.hub.db('security_events').where('id', '>', before).select('*') as Promise<Row[]>, (r) => r.some((x) => x.kind === 'QUOTA_REFUSED'));
    expect(found.find((r) => r.kind === 'QUOTA_REFUSED')).toMatchObject({ error_code: 'RATE_LIMITED', reason: 'orgVerificationsPerMinute', actor_sub: 'quota-spender', door: 'graphql requestVerification' });
  });

  it('stores no unmasked ID number: not from variables, query text or a refused token', async () => {
    const id = '370102198001010016';
    const token = await t.token(['verifier'], '370102', 'id-prober');
    const before = await lastId();
    await t.gql(token, 'query($n: Int) { rankedHouseholds(regionCode: "370102", first: $n) { hasNextPage } }', { n: id });
    await t.gql(token, `{ sources { ${'x'}${id} } }`);
    const stranger = await createTestIssuer('urn:verification-hub:dev');
    await call(`Bearer ${await stranger.sign({ sub: id, org: '370102', roles: ['verifier'] })}`);
    await newRows(before, 3);
    const text = JSON.stringify(await rows());
    expect(text).not.toContain(id);
    expect(text).toContain('370102********0016');
  });
});

describe("a refused read carries the data's region", () => {
  it("callers of another region refused a report, assistance to its household or an objection on it: the REFUSED events have the household's region, and that region's auditor sees them", async () => {
    const verifier = await t.token(['verifier'], '370102', 'lixia-verifier');
    const h = t.hub.sandbox!.population.households.find((x) => x.regionCode === '370102')!;
    const documentSha256 = await t.consentDocument(verifier);
    const c = h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, documentSha256, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
    expect((await t.gql(verifier, 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c })).body.errors).toBeUndefined();
    const verified = await t.gql<{ requestVerification: { id: string } }>(verifier, 'mutation($i: VerificationInput!) { requestVerification(input: $i) { id } }', { i: { ...batchItem(h), purpose: 'NEW_APPLICATION', applicationRef: 'SL-REGION' } });
    expect(verified.body.errors).toBeUndefined();
    const reportId = verified.body.data!.requestVerification.id;

    const foreign = await t.gql(await t.token(['verifier'], '620702', 'ganzhou-verifier'), `{ verificationReport(id: "${reportId}") { id } }`);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('OUT_OF_JURISDICTION');
    const printable = await fetch(`${root}/reports/${reportId}.html`, { headers: { authorization: `Bearer ${await t.token(['verifier'], '620702', 'ganzhou-printer')}` } });
    expect(printable.status).toBe(403);

    // Assistance to the household and an objection on the report, refused to callers of another region.
    const { household_id: householdId } = await t.hub.db('reports').where({ id: reportId }).first('household_id');
    const ganzhou = (sub: string, role: 'verifier' | 'reviewer' = 'verifier') => t.token([role], '620702', sub);
    const assistance = `mutation { recordAssistance(householdId: "${householdId}", programme: "TEMPORARY", amount: 1, date: "2026-01-01", department: "x") { repeat } }`;
    expect((await t.gql(await ganzhou('ganzhou-assistance'), assistance)).body.errors?.[0]?.extensions?.code).toBe('OUT_OF_JURISDICTION');
    const [objection] = await t.hub.db('objections')
      .insert({ report_id: reportId, region_code: '370102', person_id: randomUUID(), attribute: 'tax.wage_income_12m', original: JSON.stringify({ v: 1 }), proposed: JSON.stringify({ v: 0 }), document_sha256: 'a'.repeat(64), note: 'x', raised_by_sub: 'lixia-verifier', raised_by_org: '370102', report_sha256_before: '0'.repeat(64) })
      .returning('id');
    const review = `mutation { reviewObjection(objectionId: "${objection.id}", decision: ACCEPT, note: "x") { objection { id } } }`;
    expect((await t.gql(await ganzhou('ganzhou-reviewer', 'reviewer'), review)).body.errors?.[0]?.extensions?.code).toBe('OUT_OF_JURISDICTION');

    const auditor = await t.token(['auditor'], '370102', 'lixia-auditor');
    const seen = await t.gql<{ auditEvents: { actorSub: string; outcome: string; regionCode: string; reportId: string | null }[] }>(auditor, '{ auditEvents(first: 100) { actorSub outcome regionCode reportId } }');
    const refused = seen.body.data!.auditEvents.filter((e) => e.outcome === 'REFUSED' && e.actorSub.startsWith('ganzhou-'));
    expect(refused.map((e) => e.actorSub).sort()).toEqual(['ganzhou-assistance', 'ganzhou-printer', 'ganzhou-reviewer', 'ganzhou-verifier']);
    for (const e of refused) expect(e.regionCode).toBe('370102');
    expect(refused.filter((e) => e.reportId === reportId).map((e) => e.actorSub).sort()).toEqual(['ganzhou-printer', 'ganzhou-verifier']);
  });
});

describe('auditors read the security log', () => {
  const QUERY = 'query($f: SecurityEventFilter) { securityEvents(filter: $f, first: 500) { kind reason sourceAddress actorSub actorOrg claimedSub door regionCode count } }';
  type Seen = { securityEvents: { kind: string; reason: string | null; actorSub: string | null; actorOrg: string | null; count: number }[] };

  it('a province-level auditor sees anonymous failures; a county auditor sees only what is placed in the county', async () => {
    const province = await t.gql<Seen>(await t.token(['auditor'], '370000', 'shandong-auditor'), QUERY, { f: { kind: 'AUTHENTICATION_FAILED' } });
    expect(province.body.errors).toBeUndefined();
    expect(province.body.data!.securityEvents.map((e) => e.reason)).toEqual(expect.arrayContaining(['MISSING', 'MALFORMED', 'FORGED', 'EXPIRED']));

    const county = await t.gql<Seen>(await t.token(['auditor'], '370103', 'shizhong-auditor'), QUERY);
    const events = county.body.data!.securityEvents;
    expect(events.some((e) => e.kind === 'AUTHENTICATION_FAILED')).toBe(false);
    expect(events.some((e) => e.actorSub === 'validation-prober')).toBe(true);
    expect(events.every((e) => e.actorOrg === '370103')).toBe(true);
  });

  it('refuses a filter outside the jurisdiction (OUT_OF_JURISDICTION) and callers without the auditor role (FORBIDDEN), and audits the read', async () => {
    const auditor = await t.token(['auditor'], '370103', 'shizhong-auditor');
    const outside = await t.gql(auditor, QUERY, { f: { regionCode: '620702' } });
    expect(outside.body.errors?.[0]?.extensions).toMatchObject({ code: 'OUT_OF_JURISDICTION', field: 'filter.regionCode' });
    const verifier = await t.gql(await t.token(['verifier'], '370103'), QUERY);
    expect(verifier.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reads = await t.hub.db('audit_events').where({ actor_sub: 'shizhong-auditor', action: 'security-log.read' }).orderBy('seq').select('outcome');
    expect(reads.map((r) => r.outcome).sort()).toEqual(['ALLOWED', 'REFUSED']);
  });
});

describe('flood guard', () => {
  it('1,000 forged calls leave at most the rate limit of rows per kind, their counts summing to 1,000', async () => {
    const mine = () => t.hub.db('security_events').where('source_address', 'like', '%127.0.0.1').whereIn('kind', ['AUTHENTICATION_FAILED', 'QUOTA_REFUSED']);
    const total = async () => Number((await mine().clone().sum({ n: 'count' }).first())?.n ?? 0);
    const countBefore = await total();
    const before = await lastId();
    const forged = `Bearer ${await forgedToken()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 1_000; i += 50) statuses.push(...(await Promise.all(Array.from({ length: 50 }, () => call(forged)))));
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    await until('every forged call counted', total, (n) => n >= countBefore + 1_000);
    expect(await total()).toBe(countBefore + 1_000);
    const added = await mine().clone().where('id', '>', before).select('kind');
    // 20 new rows a minute per source and kind (src/security-log/log.ts), whatever the flood.
    expect(added.filter((r) => r.kind === 'AUTHENTICATION_FAILED').length).toBeLessThanOrEqual(20);
    expect(added.filter((r) => r.kind === 'QUOTA_REFUSED').length).toBeLessThanOrEqual(20);
  }, 60_000);
});

describe('the writer', () => {
  const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
  const event = (sourceAddress: string): SecurityEventInput => ({ kind: 'VALIDATION_FAILED', errorCode: 'BAD_USER_INPUT', sourceAddress, door: 'test', detail: 'x' });

  it('drops and counts events when the database is down, without throwing or failing the caller', async () => {
    const down = knex({ client: 'pg', connection: 'postgres://postgres@127.0.0.1:1/nowhere', pool: { min: 0, max: 1 }, acquireConnectionTimeout: 2_000 });
    const log = createSecurityLog({ db: down, logger: quiet, limits: { perKey: 1 } });
    expect(() => {
      for (let i = 0; i < 3; i++) log.record(event('10.0.0.1'));
    }).not.toThrow();
    await log.stop();
    expect(log.stats()).toEqual({ written: 0, collapsed: 2, dropped: 3 });
    await down.destroy();
  });

  it('past the total a minute, new sources are counted in one overflow row per kind, without a source address', async () => {
    const log = createSecurityLog({ db: t.hub.db, logger: quiet, limits: { perKey: 5, total: 3 } });
    const before = await lastId();
    for (let i = 0; i < 10; i++) log.record({ ...event(`10.1.0.${i}`), detail: `try ${i} with 370102198001010016` });
    await log.stop();
    // Written in parallel: ordered by source, the overflow row (no source) last.
    const found = await t.hub.db('security_events').where('id', '>', before).orderByRaw('source_address NULLS LAST').select('source_address', 'count', 'detail');
    expect(found.map((r) => r.source_address)).toEqual(['10.1.0.0', '10.1.0.1', '10.1.0.2', null]);
    expect(found.map((r) => r.count)).toEqual([1, 1, 1, 7]);
    expect(found[3].detail).toMatch(/^repeats from several sources counted together; first: try 3 with 370102\*{8}0016$/);
    expect(log.stats()).toEqual({ written: 4, collapsed: 6, dropped: 0 });
  });

  it('purges events whose last repeat is older than the retention (six months, Cybersecurity Law Art. 21), keeping newer ones', async () => {
    const day = 86_400_000;
    const row = (daysAgo: number, door: string) => ({ kind: 'QUOTA_REFUSED', error_code: 'RATE_LIMITED', door, occurred_at: new Date(Date.now() - 400 * day), last_at: new Date(Date.now() - daysAgo * day) });
    await t.hub.db('security_events').insert([row(200, 'purge-old'), row(191, 'purge-old'), row(180, 'purge-kept')]);
    const purged = await purgeSecurityEvents(t.hub.db, new Date(Date.now() - SECURITY_LOG_RETENTION_DAYS * day));
    expect(purged).toBe(2);
    expect((await t.hub.db('security_events').whereIn('door', ['purge-old', 'purge-kept']).select('door')).map((r) => r.door)).toEqual(['purge-kept']);
  });
});
