import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { CONSENT_PDF, consentPdf, startTestHub, type TestHub } from '../kit/hub.js';
import { idNumberHash } from '../../src/data-protection/index.js';

// Issue item 2: documentSha256 was whatever the caller said (64 zeros accepted). The signed form is
// uploaded, the hub computes its hash, and a consent must reference an upload within the caller's jurisdiction.

let t: TestHub;
const REGISTER = 'mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }';
/** A PNG's chunk: length, type, data, CRC (not checked by the hub). */
const chunk = (type: string, data: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0]).fill(0).map((_, i) => (data.length >>> (24 - 8 * i)) & 0xff), Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngOf = (...chunks: Buffer[]) => Buffer.concat([SIGNATURE, ...chunks]);
const PNG = pngOf(chunk('IHDR', Buffer.alloc(13, 1)), chunk('IDAT', Buffer.alloc(1_100, 7)), chunk('IEND', Buffer.alloc(0)));
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1_100, 0x42), Buffer.from([0xff, 0xd9])]);

const consent = (sha: string) => {
  const p = t.hub.sandbox!.population.households.find((h) => h.regionCode === '370102')!.members[0]!;
  return [{ idNumber: p.idNumber, name: p.name, documentSha256: sha, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }];
};
const download = (token: string | null, sha: string) => fetch(new URL(`/consents/documents/${sha}`, t.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  t = await startTestHub({ CONSENT_DOCUMENT_MAX_BYTES: '2048', CONSENT_DOCUMENT_DAILY_UPLOADS: '3', CONSENT_DOCUMENT_DAILY_BYTES: '6000' });
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
    const foreign = consentPdf('uploaded in Nanjing');
    const sha = String((await t.uploadConsentDocument(elsewhere, foreign, 'application/pdf')).body.sha256);
    const res = await t.gql(county, REGISTER, { c: consent(sha) });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consents[0].documentSha256' });
    expect(await t.hub.db('audit_events').where({ action: 'consent.register', outcome: 'REFUSED', error_code: 'BAD_USER_INPUT' }).count({ n: '*' }).first()).toMatchObject({ n: 2 });
    // The city above the uploading county may reference it; the county's own upload works as before.
    expect((await t.gql(await t.token(['verifier'], '320100'), REGISTER, { c: consent(sha) })).body.errors).toBeUndefined();
    expect((await t.gql(county, REGISTER, { c: consent(await t.consentDocument(county)) })).body.errors).toBeUndefined();
  });

  it('lets the uploading jurisdiction and its auditors download; others get the same 404 as an unknown hash (no existence oracle), each audited', async () => {
    const county = await t.token(['verifier'], '370103', 'dl-county');
    const bytes = consentPdf('Shizhong form');
    const sha = String((await t.uploadConsentDocument(county, bytes, 'application/pdf')).body.sha256);
    const own = await download(county, sha);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await own.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await download(await t.token(['auditor'], '370100', 'dl-auditor'), sha)).status).toBe(200);
    // Attacker review: 403 for a known hash and 404 for an unknown one told anyone whether a form exists.
    const unknown = await download(county, 'f'.repeat(64));
    const unknownBody = JSON.stringify(await unknown.json()).replace('f'.repeat(12), '<sha>');
    expect(unknown.status).toBe(404);
    for (const [roles, org, sub] of [[['auditor'], '320000', 'dl-far-auditor'], [['verifier'], '370102', 'dl-neighbour'], [['verifier'], '370100', 'dl-city']] as const) {
      const res = await download(await t.token([...roles], org, sub), sha);
      expect(res.status, sub).toBe(404);
      expect(JSON.stringify(await res.json()).replace(sha.slice(0, 12), '<sha>'), sub).toBe(unknownBody);
    }
    expect((await download(null, sha)).status).toBe(401);
    const events = await t.hub.db('audit_events').where({ action: 'consent.document-read' }).orderBy('seq').select('actor_sub', 'outcome', 'error_code');
    expect(events).toEqual([
      { actor_sub: 'dl-county', outcome: 'ALLOWED', error_code: null },
      { actor_sub: 'dl-auditor', outcome: 'ALLOWED', error_code: null },
      { actor_sub: 'dl-county', outcome: 'REFUSED', error_code: 'BAD_USER_INPUT' },
      { actor_sub: 'dl-far-auditor', outcome: 'REFUSED', error_code: 'OUT_OF_JURISDICTION' },
      { actor_sub: 'dl-neighbour', outcome: 'REFUSED', error_code: 'OUT_OF_JURISDICTION' },
      { actor_sub: 'dl-city', outcome: 'REFUSED', error_code: 'OUT_OF_JURISDICTION' },
    ]);
  });

  // Attacker review: `%PDF-` and junk passed (magic bytes only), one hash served any number of
  // unrelated people, and uploads had no daily limit.
  const junk = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1_500, 0x41)]);
  it.each([
    ['a "PDF" that is %PDF- and junk', junk, 'application/pdf', /not a well-formed application\/pdf: a PDF must end with %%EOF/],
    ['a PDF whose startxref points nowhere', Buffer.from(consentPdf().toString('latin1').replace(/startxref\n\d+/, 'startxref\n99999'), 'latin1'), 'application/pdf', /startxref\) points outside the file/],
    ['a PDF smaller than 1 KB', Buffer.from('%PDF-1.4\nxref\n0 1\ntrailer <<>>\nstartxref\n9\n%%EOF\n'), 'application/pdf', /at least 1024 bytes/],
    ['a PNG whose first chunk is not IHDR', pngOf(chunk('IDAT', Buffer.alloc(1_100)), chunk('IEND', Buffer.alloc(0))), 'image/png', /IHDR as its first chunk/],
    ['a PNG without IEND', pngOf(chunk('IHDR', Buffer.alloc(13)), chunk('IDAT', Buffer.alloc(1_100))), 'image/png', /end with the IEND chunk/],
    ['a PNG with data after IEND', Buffer.concat([PNG, Buffer.from('trailing junk')]), 'image/png', /PNG/],
    ['a JPEG without EOI', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1_100, 0x42)]), 'image/jpeg', /EOI/],
  ])('refuses %s with 415 naming the problem', async (_what, bytes, type, message) => {
    const res = await t.uploadConsentDocument(await t.token(['verifier'], '370102', 'structure'), bytes, type);
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body', message: expect.stringMatching(message) });
  });

  it('flags in the consent.register audit event a document used for more than 10 persons or for persons of different households', async () => {
    const token = await t.token(['verifier'], '370103', 'reuser');
    const people = t.hub.sandbox!.population.households.filter((h) => h.regionCode === '370102').flatMap((h) => h.members.map((m) => ({ ...m, household: h.id })));
    const as = (sha: string, ps: typeof people) => ps.map((p) => ({ idNumber: p.idNumber, name: p.name, documentSha256: sha, purposes: ['NEW_APPLICATION'], validFrom: '2026-01-01', validUntil: '2027-12-31' }));
    const details = async () => (await t.hub.db('audit_events').where({ action: 'consent.register', actor_sub: 'reuser', outcome: 'ALLOWED' }).orderBy('seq', 'desc').first()).details;
    // A household's form for its own members: not flagged.
    const family = people.filter((p) => p.household === people[0]!.household);
    const own = String((await t.uploadConsentDocument(token, consentPdf('family form'), 'application/pdf')).body.sha256);
    expect((await t.gql(token, REGISTER, { c: as(own, family) })).body.errors).toBeUndefined();
    expect(await details()).not.toHaveProperty('documentReusedFor');
    // The same hash for eleven unrelated people.
    const strangers = people.filter((p) => !family.includes(p)).slice(0, 11);
    expect((await t.gql(token, REGISTER, { c: as(own, strangers) })).body.errors).toBeUndefined();
    expect(await details()).toMatchObject({ flag: 'DOCUMENT_REUSED', documentReusedFor: family.length + 11, reusedDocuments: [{ sha256: own, persons: family.length + 11 }] });
    // Two persons of different (verified) households on one form.
    const pair = people.filter((p) => !family.includes(p) && !strangers.includes(p) && p.household !== family[0]!.household).slice(0, 2);
    const form = String((await t.uploadConsentDocument(token, consentPdf('pair form'), 'application/pdf')).body.sha256);
    expect((await t.gql(token, REGISTER, { c: [...as(form, pair.slice(0, 1)), ...as(own, pair.slice(1))] })).body.errors).toBeUndefined();
    for (const p of pair) {
      const person = await t.hub.db('persons').where({ id_number_hmac: idNumberHash(t.hub.db, p.idNumber) }).first('id');
      const [h] = await t.hub.db('households').insert({ region_code: '370102', external_ref: `reuse-${p.idNumber}` }).returning('id');
      await t.hub.db('household_members').insert({ household_id: h.id, person_id: person.id, relation: 'HEAD' });
    }
    expect((await t.gql(token, REGISTER, { c: as(form, pair.slice(1)) })).body.errors).toBeUndefined();
    expect(await details()).toMatchObject({ flag: 'DOCUMENT_REUSED', reusedDocuments: [{ sha256: form, households: 2 }] });
  });

  it('limits uploads per organisation per day, by count and by bytes (429, Retry-After), re-uploads not counted', async () => {
    const county = await t.token(['verifier'], '370104', 'quota-count');
    const docs = [1, 2, 3].map((i) => consentPdf(`quota ${i}`));
    for (const d of docs) expect((await t.uploadConsentDocument(county, d, 'application/pdf')).status).toBe(201);
    expect((await t.uploadConsentDocument(county, docs[0]!, 'application/pdf')).status).toBe(201);
    const over = await fetch(new URL('/consents/documents', t.url), { method: 'POST', headers: { 'content-type': 'application/pdf', authorization: `Bearer ${county}` }, body: consentPdf('quota 4') });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('3600');
    expect(((await over.json()) as { error: unknown }).error).toMatchObject({ code: 'RATE_LIMITED', field: 'body', message: expect.stringContaining('3 documents') });
    // Bytes: three documents of 2,048 bytes are over 6,000 on the third.
    const big = await t.token(['verifier'], '370112', 'quota-bytes');
    const sized = (i: number) => {
      const pdf = consentPdf(`bytes ${i} ${'y'.repeat(2_048)}`.slice(0, 2_048 - consentPdf('').length));
      return pdf;
    };
    expect((await t.uploadConsentDocument(big, sized(1), 'application/pdf')).status).toBe(201);
    expect((await t.uploadConsentDocument(big, sized(2), 'application/pdf')).status).toBe(201);
    const third = await t.uploadConsentDocument(big, sized(3), 'application/pdf');
    expect(third.status).toBe(429);
    expect(third.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('6000 bytes') });
    expect(await t.hub.db('audit_events').where({ action: 'consent.document-upload', outcome: 'REFUSED', error_code: 'RATE_LIMITED' }).count({ n: '*' }).first()).toMatchObject({ n: 2 });
  });
});
