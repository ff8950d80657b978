import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reviewAuditFinding, runFindings } from '../../src/audit-findings/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';
import { appendAt, findings, person, run, seqs, verification } from './kit.js';

let t: TestDatabase;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  t = await createTestDatabase();
});

afterAll(async () => {
  vi.useRealTimers();
  await t.drop();
});

const placeholder = (subject: string) => verification('v-inc', '370102', { regionCode: '370102', subjects: [subject], applicationRef: '0' });

describe('the incremental run', () => {
  it('finds a finding once however often it runs, and merges later evidence into it', async () => {
    const [first] = await appendAt(t.db, '2026-11-25T02:00:00Z', [placeholder(person())]);
    const once = await run(t.db);
    expect(once.created).toBeGreaterThanOrEqual(1);
    const again = await run(t.db);
    expect(again).toMatchObject({ events: 0, created: 0, grown: 0, cursor: once.cursor });
    const [second] = await appendAt(t.db, '2026-11-25T03:00:00Z', [placeholder(person())]);
    const later = await run(t.db);
    expect(later).toMatchObject({ events: 1, created: 0, grown: 1, cursor: second });
    const [f, ...more] = await findings(t.db, 'LOOKUP_WITHOUT_APPLICATION', { actor: 'v-inc' });
    expect(more).toHaveLength(0);
    expect(seqs(f!)).toEqual([first, second]);
  });

  it('keeps the cursor before events too young to be settled, and evaluating them again adds nothing', async () => {
    const [young] = await appendAt(t.db, '2026-11-26T02:00:00Z', [placeholder(person())]);
    const before = await runFindings(t.db, { settleMs: 60_000 });
    expect(before.cursor).toBe(young! - 1);
    expect(before.created).toBe(1);
    const twice = await runFindings(t.db, { settleMs: 60_000 });
    expect(twice).toMatchObject({ events: 1, created: 0, grown: 0, cursor: young! - 1 });
    const settled = await run(t.db);
    expect(settled).toMatchObject({ created: 0, cursor: young });
    expect(await findings(t.db, 'LOOKUP_WITHOUT_APPLICATION', { actor: 'v-inc' })).toHaveLength(2);
  });

  it('reads events in batches until it has caught up', async () => {
    const seeded = await appendAt(t.db, '2026-11-27T02:00:00Z', Array.from({ length: 7 }, () => placeholder(person())));
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const result = await runFindings(t.db, { settleMs: 0, batchSize: 3 });
    expect(result).toMatchObject({ events: 7, created: 1, cursor: seeded[6] });
  });
});

describe('a reviewed finding', () => {
  it('stays reviewed through runs that find nothing new, and is OPEN again when it gains evidence, its review kept', async () => {
    const subject = person();
    const auditor = { sub: 'auditor-1', org: '370102', roles: ['auditor' as const], issuer: 'test', tokenId: null };
    const [first] = await appendAt(t.db, '2026-11-28T02:00:00Z', [verification('v-rev', '370102', { regionCode: '370102', subjects: [subject], applicationRef: 'n/a' })]);
    await run(t.db);
    const [f] = await findings(t.db, 'LOOKUP_WITHOUT_APPLICATION', { actor: 'v-rev' });
    await reviewAuditFinding(t.db, auditor, f!.id, '已约谈', 'audit.finding-review');
    await runFindings(t.db, { settleMs: 0 });
    expect((await findings(t.db, 'LOOKUP_WITHOUT_APPLICATION', { actor: 'v-rev' }))[0]).toMatchObject({ status: 'REVIEWED' });
    const [second] = await appendAt(t.db, '2026-11-28T03:00:00Z', [verification('v-rev', '370102', { regionCode: '370102', subjects: [subject], applicationRef: 'n/a' })]);
    await run(t.db);
    const [again, ...more] = await findings(t.db, 'LOOKUP_WITHOUT_APPLICATION', { actor: 'v-rev' });
    expect(more).toHaveLength(0);
    expect(again).toMatchObject({ id: f!.id, status: 'OPEN', note: '已约谈', reviewed_by: 'auditor-1' });
    expect(seqs(again!)).toEqual([first, second]);
  });
});
