import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { CONSENT_PDF, startTestHub, type TestHub } from '../kit/hub.js';

// Issue item 2: documentSha256 was whatever the caller said (64 zeros accepted). The signed form is
// uploaded, the hub computes its hash, and a consent must reference an upload within the caller's jurisdiction.

let t: TestHub;
const REGISTER = 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake png body')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('fake jpeg body')]);

const consent = (sha: string) => {
  const p = t.hub.sandbox!.population.households.find((h) => h.regionCode === '370102')!.members[0]!;
  return [{ idNumber: p.idNumber, name: p.name, documentSha256: sha, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }];
};
const download = (token: string | null, sha: string) => fetch(new URL(`/consents/documents/${sha}`, t.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  t = await startTestHub({ CONSENT_DOCUMENT_MAX_BYTES: '2048' });
});
afterAll(async () => {
  await t?.stop();
});

describe('consent documents', () => {
  it('stores an upload content-addressed: the hub computes the hash, the same bytes give the same hash, audited', async () => {
    const token = await t.token(['verifier'], '370102', 'uploader');
    const first = await t.uploadConsentDocument(token, CONSENT_PDF, 'application/pdf');
    expect(first).toEqual({ status: 201, body: { sha256: createHash('sha256').update(CONSENT_PDF).digest('hex'), size: CONSENT_PDF.length, mediaType: 'application/pdf' } });
    expect((await t.uploadConsentDocument(token, CONSENT_PDF, 'application/pdf')).body.sha256).toBe(first.body.sha256);
    expect((await t.uploadConsentDocument(token, PNG, 'image/png')).body.mediaType).toBe('image/png');
    expect((await t.uploadConsentDocument(token, JPEG, 'image/jpeg; charset=binary')).body.mediaType).toBe('image/jpeg');
    expect(await t.hub.db('consent_documents').where({ sha256: first.body.sha256 }).count({ n: '*' }).first()).toMatchObject({ n: 1 });
    expect(await t.hub.db('consent_document_uploads').where({ sha256: first.body.sha256 }).first()).toMatchObject({ uploaded_org: '370102', uploaded_by: 'uploader' });
    expect(await t.hub.db('audit_events').where({ action: 'consent.document-upload', actor_sub: 'uploader', outcome: 'ALLOWED' }).count({ n: '*' }).first()).toMatchObject({ n: 4 });
  });

  it.each([
    ['a type outside the list', Buffer.from('<html>'), 'text/html', 415, 'content-type'],
    ['content that is not what the header says', Buffer.from('MZ executable'), 'application/pdf', 415, 'body'],
    ['a PNG declared as PDF', PNG, 'application/pdf', 415, 'body'],
    ['an empty body', Buffer.alloc(0), 'application/pdf', 400, 'body'],
    ['a body over CONSENT_DOCUMENT_MAX_BYTES', Buffer.concat([CONSENT_PDF, Buffer.alloc(4096, 0x20)]), 'application/pdf', 413, 'body'],
  ])('refuses %s, naming the problem, and audits it', async (_what, bytes, type, status, field) => {
    const token = await t.token(['verifier'], '370102', `refused-${status}-${field}`);
    const res = await t.uploadConsentDocument(token, bytes, type);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await t.hub.db('audit_events').where({ action: 'consent.document-upload', outcome: 'REFUSED', actor_sub: `refused-${status}-${field}` }).first()).toBeDefined();
  });

  it('refuses uploads without a token (401) or by a role that registers no consents (403)', async () => {
    expect((await t.uploadConsentDocument(null, CONSENT_PDF, 'application/pdf')).status).toBe(401);
    expect((await t.uploadConsentDocument(await t.token(['auditor'], '370102'), CONSENT_PDF, 'application/pdf')).status).toBe(403);
  });

  it('refuses a consent naming a hash that was never uploaded (64 zeros) or was uploaded outside the jurisdiction', async () => {
    const county = await t.token(['verifier'], '370102');
    const zeros = await t.gql(county, REGISTER, { c: consent('0'.repeat(64)) });
    expect(zeros.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consents[0].documentSha256' });
    const elsewhere = await t.token(['verifier'], '320102');
    const foreign = Buffer.concat([CONSENT_PDF, Buffer.from('% uploaded in Nanjing\n')]);
    const sha = String((await t.uploadConsentDocument(elsewhere, foreign, 'application/pdf')).body.sha256);
    const res = await t.gql(county, REGISTER, { c: consent(sha) });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consents[0].documentSha256' });
    expect(await t.hub.db('audit_events').where({ action: 'consent.register', outcome: 'REFUSED', error_code: 'BAD_USER_INPUT' }).count({ n: '*' }).first()).toMatchObject({ n: 2 });
    // The city above the uploading county may reference it; the county's own upload works as before.
    expect((await t.gql(await t.token(['verifier'], '320100'), REGISTER, { c: consent(sha) })).body.errors).toBeUndefined();
    expect((await t.gql(county, REGISTER, { c: consent(await t.consentDocument(county)) })).body.errors).toBeUndefined();
  });

  it('lets the uploading jurisdiction and its auditors download, refuses others (403/404), each audited', async () => {
    const county = await t.token(['verifier'], '370103', 'dl-county');
    const bytes = Buffer.concat([CONSENT_PDF, Buffer.from('% Shizhong form\n')]);
    const sha = String((await t.uploadConsentDocument(county, bytes, 'application/pdf')).body.sha256);
    const own = await download(county, sha);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await own.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await download(await t.token(['auditor'], '370100', 'dl-auditor'), sha)).status).toBe(200);
    expect((await download(await t.token(['auditor'], '320000', 'dl-far-auditor'), sha)).status).toBe(403);
    expect((await download(await t.token(['verifier'], '370102', 'dl-neighbour'), sha)).status).toBe(403);
    expect((await download(await t.token(['verifier'], '370100', 'dl-city'), sha)).status).toBe(403);
    expect((await download(county, 'f'.repeat(64))).status).toBe(404);
    expect((await download(null, sha)).status).toBe(401);
    const events = await t.hub.db('audit_events').where({ action: 'consent.document-read' }).orderBy('seq').select('actor_sub', 'outcome', 'error_code');
    expect(events).toEqual([
      { actor_sub: 'dl-county', outcome: 'ALLOWED', error_code: null },
      { actor_sub: 'dl-auditor', outcome: 'ALLOWED', error_code: null },
      { actor_sub: 'dl-far-auditor', outcome: 'REFUSED', error_code: 'OUT_OF_JURISDICTION' },
      { actor_sub: 'dl-neighbour', outcome: 'REFUSED', error_code: 'OUT_OF_JURISDICTION' },
      { actor_sub: 'dl-city', outcome: 'REFUSED', error_code: 'OUT_OF_JURISDICTION' },
      { actor_sub: 'dl-county', outcome: 'REFUSED', error_code: 'BAD_USER_INPUT' },
    ]);
  });
});
