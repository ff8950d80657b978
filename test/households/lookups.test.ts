import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/index.js';
import { externalRefs, idNumbers, reportHistory, saveHousehold, visibleHousehold, visiblePerson } from '../../src/households/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/index.js';

const caller = (org: string): Caller => ({ sub: `caller-${org}`, org, roles: ['verifier'], issuer: 'test', tokenId: null });
const HEAD = { idNumber: '370102198001010016', name: 'Head', birthDate: '1980-01-01', sex: 'MALE' as const, relation: 'HEAD' };

describe('household and person lookups within a jurisdiction', () => {
  let t: TestDatabase;
  let householdId: string;
  let personId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const saved = await t.db.transaction((trx) => saveHousehold(trx, { regionCode: '370102', externalRef: 'LOOKUP-1', members: [HEAD] }));
    householdId = saved.householdId;
    personId = saved.personIds.get(HEAD.idNumber)!;
  });
  afterAll(() => t?.drop());

  it.each([
    ['370102', true],
    ['370100', true],
    ['370000', true],
    ['370103', false],
    ['110000', false],
  ])('shows a Lixia household and its member to org %s: %s', async (org, visible) => {
    expect(await visibleHousehold(t.db, caller(org), householdId)).toEqual(visible ? { id: householdId, regionCode: '370102', externalRef: 'LOOKUP-1' } : null);
    expect(await visiblePerson(t.db, caller(org), personId)).toEqual(visible ? { id: personId, idNumber: HEAD.idNumber } : null);
  });

  it('reads as null an id it does not know', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await visibleHousehold(t.db, caller('370000'), unknown)).toBeNull();
    expect(await visiblePerson(t.db, caller('370000'), unknown)).toBeNull();
  });

  it('maps ids to external references and ID numbers, leaving unknown ones out', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await externalRefs(t.db, [householdId, householdId, unknown])).toEqual(new Map([[householdId, 'LOOKUP-1']]));
    expect(await idNumbers(t.db, [personId, unknown])).toEqual(new Map([[personId, HEAD.idNumber]]));
  });

  it('has an empty history before any report', async () => {
    expect(await reportHistory(t.db, householdId)).toEqual([]);
  });
});
