import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { migrateLatest, syncReferenceData } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.drop());

const TABLES = ['regions', 'organisations', 'sources', 'attributes', 'catalog_versions', 'households', 'persons', 'household_members', 'consents', 'verification_requests', 'reports', 'source_results', 'audit_events', 'report_versions'];

describe('migrations and reference data', () => {
  it('creates every foundation table on a new database', async () => {
    expect(await migrateLatest(t.db)).toEqual(['20261123_001_foundation', '20261123_002_report_status', '20261123_003_audit_region', '20261123_004_policies_and_assessments', '20261123_005_batches', '20261123_006_changes_and_webhooks', '20261123_007_ticket_groups', '20261127_008_incomplete_reports', '20261127_009_assistance_records', '20261127_010_consent_documents', '20261127_011_webhook_allowed_hosts', '20261127_012_objections', '20261127_013_report_versions']);
    const rows = await t.db('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name');
    for (const table of TABLES) expect(rows).toContain(table);
  });

  it('is a no-op the second time', async () => {
    expect(await migrateLatest(t.db)).toEqual([]);
  });

  it('loads regions and the catalogue, idempotently, under one catalogue version', async () => {
    const cat = catalog();
    const v1 = await syncReferenceData(t.db, cat);
    const v2 = await syncReferenceData(t.db, cat);
    expect(v2).toBe(v1);
    expect(Number((await t.db('attributes').count({ n: '*' }).first())!.n)).toBe(cat.attributes.length);
    expect(Number((await t.db('sources').count({ n: '*' }).first())!.n)).toBe(cat.sources.length);
    expect(await t.db('regions').where({ code: '370102' }).first('parent_code')).toEqual({ parent_code: '370100' });
  });

  it('refuses a consent whose validity ends before it starts', async () => {
    const [person] = await t.db('persons').insert({ id_number: '11010519491231002X', name: '测试', birth_date: '1949-12-31', sex: 'FEMALE' }).returning('id');
    await expect(
      t.db('consents').insert({ person_id: person.id, document_sha256: 'a'.repeat(64), purposes: ['NEW_APPLICATION'], valid_from: '2026-02-01', valid_until: '2026-01-01', registered_by: 'x', registered_org: '370102' }),
    ).rejects.toThrow(/consents_period/);
  });

  it('rolls back cleanly', async () => {
    await t.db.migrate.rollback(undefined, true);
    const rows = await t.db('information_schema.tables').where({ table_schema: 'public' }).whereIn('table_name', TABLES).pluck('table_name');
    expect(rows).toEqual([]);
  });
});
