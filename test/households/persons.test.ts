import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveHousehold, upsertPersons } from '../../src/households/index.js';
import { createTestDatabase, type TestDatabase } from '../kit/database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const person = (idNumber: string, name: string) => ({ idNumber, name, birthDate: '1990-01-01', sex: 'MALE' as const });

describe('upsertPersons', () => {
  it('returns the id of every person, new and known, in one statement, and never renames a known one', async () => {
    const first = await t.db.transaction((trx) => upsertPersons(trx, [person('370102199001011236', '张三')]));
    let statements = 0;
    const count = () => void (statements += 1);
    t.db.on('query', count);
    const both = await t.db.transaction((trx) => upsertPersons(trx, [person('370102199001011236', '张三丰'), person('37010219900101124X', '李四'), person('37010219900101124X', '李四')]));
    t.db.off('query', count);
    expect(statements).toBe(3); // BEGIN, the upsert, COMMIT
    expect(both.size).toBe(2);
    expect(both.get('370102199001011236')).toBe(first.get('370102199001011236'));
    expect(await t.db('persons').count('* as n').first()).toEqual({ n: 2 });
  });

  it('finds a person another transaction recorded while this one waited on the insert', async () => {
    const racer = await t.db.transaction();
    const early = await upsertPersons(racer, [person('370102199001011252', '王五')]);
    // This upsert waits for the racer's insert; once it commits, the row is not in this statement's snapshot.
    const late = t.db.transaction((trx) => upsertPersons(trx, [person('370102199001011252', '王五'), person('370102199001011287', '赵六')]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await racer.commit();
    const ids = await late;
    expect(ids.get('370102199001011252')).toBe(early.get('370102199001011252'));
    expect(ids.size).toBe(2);
  });
});

describe('saveHousehold', () => {
  const member = (idNumber: string, name: string, relation: string) => ({ ...person(idNumber, name), relation });
  const membersOf = async (householdId: string) =>
    (await t.db('household_members as m').join('persons as p', 'p.id', 'm.person_id').where('m.household_id', householdId).orderBy('m.relation').select('m.person_id', 'm.relation')) as { person_id: string; relation: string }[];

  it('replaces the membership in one statement: who left is removed, who stays gets the relation given now, who joined is added', async () => {
    const household = { regionCode: '370102', externalRef: 'H-MEMBERS-1' };
    const first = await t.db.transaction((trx) => saveHousehold(trx, { ...household, members: [member('370102199001011309', '甲', 'HEAD'), member('370102199001011317', '乙', 'SPOUSE'), member('370102199001011325', '丙', 'CHILD')] }));
    expect(await membersOf(first.householdId)).toHaveLength(3);

    const known = await t.db.transaction((trx) => upsertPersons(trx, [person('370102199001011309', '甲'), person('370102199001011333', '丁')]));
    let statements = 0;
    const count = () => void (statements += 1);
    t.db.on('query', count);
    const second = await t.db.transaction((trx) => saveHousehold(trx, { ...household, members: [member('370102199001011309', '甲', 'SPOUSE'), member('370102199001011333', '丁', 'HEAD')] }, known));
    t.db.off('query', count);
    expect(statements).toBe(3); // BEGIN, the household with its members, COMMIT: the persons were known
    expect(second.householdId).toBe(first.householdId);
    expect(await membersOf(first.householdId)).toEqual([
      { person_id: known.get('370102199001011333'), relation: 'HEAD' },
      { person_id: first.personIds.get('370102199001011309'), relation: 'SPOUSE' },
    ]);
  });
});
