import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { migrateLatest, syncReferenceData } from '../../src/db/index.js';
import { migrationSource } from '../../migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.drop());

const TABLES = ['regions', 'organisations', 'sources', 'attributes', 'catalog_versions', 'households', 'persons', 'household_members', 'consents', 'verification_requests', 'reports', 'source_results', 'audit_events', 'report_versions', 'audit_checkpoints', 'audit_chain_checks', 'audit_retention', 'data_keys', 'retention_policies'];

describe('migrations and reference data', () => {
  it('creates every foundation table on a new database', async () => {
    const listed = await migrationSource.getMigrations([]);
    // Listed in the order they were written (the names start with the date and a number).
    expect(listed).toEqual([...listed].sort());
    expect(listed[0]).toBe('20261123_001_foundation');
    expect(await migrateLatest(t.db)).toEqual(listed);
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
    const [person] = await t.db('persons').insert({ id_number_hmac: Buffer.alloc(32, 1), sex: 'FEMALE' }).returning('id');
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
