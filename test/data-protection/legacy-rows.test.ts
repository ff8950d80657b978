import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { canonicalJson } from '../../src/canonical/index.js';
import { openDataKeys, useDataKeys } from '../../src/data-protection/index.js';
import { migrateLatest, syncReferenceData } from '../../src/db/index.js';
import { idNumberHashes, idNumbers } from '../../src/households/index.js';
import { findReport, reportHash, type ReportBody } from '../../src/reports/index.js';
import { openReportKeyRing, verifyReportJws } from '../../src/signing/index.js';
import { sealLegacyRows } from '../../src/startup/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ENCRYPTION = '20261127_017_encryption_at_rest';
const ID = '11010519491231002X';
let t: TestDatabase;
let personId: string;
const reportId = randomUUID();
let jws: string;
let body: ReportBody;
let ring: Awaited<ReturnType<typeof openReportKeyRing>>;

/** A database as a hub before encryption at rest left it: migrations up to 017, plaintext rows. */
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  for (;;) {
    // A custom migration source lists pending migrations by name.
    const [, pending] = (await t.db.migrate.list()) as [unknown[], unknown[]];
    if (pending.length === 0) throw new Error(`${ENCRYPTION} is not listed`);
    if (pending[0] === ENCRYPTION) break;
    await t.db.migrate.up();
  }
  await syncReferenceData(t.db, catalog());
  [{ id: personId }] = await t.db('persons').insert({ id_number: ID, name: '王五', birth_date: '1949-12-31', sex: 'FEMALE' }).returning('id');
  const [household] = await t.db('households').insert({ region_code: '370102', external_ref: 'LEGACY-1' }).returning('id');
  const [request] = await t.db('verification_requests').insert({ household_id: household.id, purpose: 'NEW_APPLICATION', requester_sub: 's', requester_org: '370102', requester_roles: ['verifier'], status: 'COMPLETED', declared: { members: [{ idNumber: ID, declaredMonthlyIncome: 100 }] } }).returning('id');
  body = { id: reportId, requestId: request.id, status: 'COMPLETE', members: [{ personId, idNumber: ID, name: '王五' }] } as unknown as ReportBody;
  ring = await openReportKeyRing(join(mkdtempSync(join(tmpdir(), 'legacy-')), 'reports'));
  jws = (await ring.sign(body)).jws;
  await t.db('reports').insert({ id: reportId, request_id: request.id, household_id: household.id, body, body_sha256: reportHash(body), jws, signing_kid: 'k', status: 'COMPLETE' });
  await migrateLatest(t.db);
  await t.db('data_keys').delete();
  useDataKeys(t.db, await openDataKeys(t.db, { key: randomBytes(32), from: 'test' }));
});
afterAll(async () => {
  await t?.drop();
});

describe('rows stored before encryption at rest', () => {
  it('are sealed in place at start, their plaintext gone, and read as before', async () => {
    expect(await sealLegacyRows(t.db)).toBe(3);
    const { rows } = await t.db.raw(`SELECT count(*)::int AS n FROM persons p, reports r, verification_requests v WHERE p::text LIKE ? OR r::text LIKE ? OR v::text LIKE ?`, [`%${ID}%`, `%${ID}%`, `%${ID}%`]);
    expect(rows[0].n).toBe(0);
    expect(await t.db('persons').whereIn('id_number_hmac', idNumberHashes(t.db, [ID])).pluck('id')).toEqual([personId]);
    expect(await idNumbers(t.db, [personId])).toEqual(new Map([[personId, ID]]));
    const stored = await findReport(t.db, reportId);
    expect(canonicalJson(stored!.body)).toBe(canonicalJson(body));
    expect(stored!.jws).toBe(jws);
    expect(await sealLegacyRows(t.db)).toBe(0);
  });

  it('keep a JWS that verifies: the stored body was what had been signed', async () => {
    const stored = await findReport(t.db, reportId);
    expect(await verifyReportJws(stored!.jws, ring.jwks())).toMatchObject({ valid: true, payloadSha256: stored!.sha256 });
    const other = await openReportKeyRing(join(mkdtempSync(join(tmpdir(), 'legacy-')), 'reports'));
    expect((await verifyReportJws(stored!.jws, other.jwks())).valid).toBe(false);
  });
});
