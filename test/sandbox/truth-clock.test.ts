import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeValue, buildPopulation, holdsRecord, type Sandbox, type SandboxPerson } from '../../connectors/sandbox/index.js';
import { advance, type Clock } from '../../connectors/sandbox/clock.js';
import { isTransferItem } from '../../connectors/sandbox/income-items.js';
import { personHoldings } from '../../connectors/sandbox/holdings.js';
import { catalog, type Category } from '../../src/catalog/index.js';
import { startTestSandbox } from '../kit/index.js';

const cat = catalog();
const banks = cat.sources.filter((s) => s.family === 'bank').map((s) => s.id);
const SEED = 7;

/** What the person's agencies answer for every MONEY attribute of a category, CNY a month, by code. */
function monthlyAnswers(m: SandboxPerson, category: Category): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of cat.attributes.filter((x) => x.category === category && x.type === 'MONEY')) {
    const source = cat.source(a.source)!;
    if (!holdsRecord(source, m, SEED)) continue;
    const v = attributeValue(a, source, m, SEED) as number;
    out.set(a.code, a.unit === 'CNY/month' ? v : v / 12);
  }
  return out;
}
const max = (xs: Map<string, number>) => Math.max(0, ...xs.values());
const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

async function call(path: string, body?: unknown) {
  const res = await fetch(sandbox.url + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('sandbox truth: GET /sandbox/truth/:householdId', () => {
  it('is what the agencies answer, kind by kind, for every generated person', () => {
    const population = buildPopulation({ seed: SEED, households: 300, banks });
    for (const m of population.households.flatMap((h) => h.members)) {
      const held = personHoldings(m);
      const other = monthlyAnswers(m, 'income.other');
      const near = (a: number, b: number, what: string) => expect(Math.abs(a - b), `${m.idNumber} ${what}`).toBeLessThan(0.01);
      near(held.income.wage, max(monthlyAnswers(m, 'income.wage')), 'wage');
      near(held.income.pension, max(monthlyAnswers(m, 'income.pension')), 'pension');
      near(held.income.business, max(monthlyAnswers(m, 'income.business')), 'business');
      near(held.income.property, max(monthlyAnswers(m, 'income.property')) + max(monthlyAnswers(m, 'income.interest')), 'property');
      const transfers = sum(monthlyAnswers(m, 'income.transfer').values()) + max(monthlyAnswers(m, 'income.unemployment')) + sum([...other].filter(([c]) => isTransferItem(c)).map(([, v]) => v));
      near(held.income.transfer, transfers, 'transfer');
      near(held.income.other, sum([...other].filter(([c]) => !isTransferItem(c) && !c.startsWith('rr_monitoring.')).map(([, v]) => v)), 'other');
    }
  });

  it('lists what a household holds and hides; 404 for an unknown household', async () => {
    const h = sandbox.population.households.find((x) => x.hidden.length > 0)!;
    const { status, body } = await call(`/sandbox/truth/${h.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ householdId: h.id, applicant: true, hidden: h.hidden.map((x) => ({ kind: x.item, member: x.member, amount: x.amount, unit: x.unit })) });
    expect(body.total).toHaveProperty('income.wage');
    expect(body.total).toHaveProperty('assets.deposits');
    expect(await call('/sandbox/truth/H999999000001')).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_HOUSEHOLD', field: 'householdId' } } });
  });

  it('serves the declaration in both shapes: the total and four assets, and by kind', async () => {
    const { body } = await call('/sandbox/households?limit=5&applicant=true');
    const h = (body as { households: { declaration: { members: Record<string, unknown>[]; assets: object; declaredAssets: object } }[] }).households[0]!;
    expect(Object.keys(h.declaration.assets).sort()).toEqual(['businesses', 'deposits', 'properties', 'vehicles']);
    expect(h.declaration.members[0]).toHaveProperty('monthlyIncome');
    expect(h.declaration.members[0]).toHaveProperty('declaredIncome.wage');
    expect(h.declaration.declaredAssets).toHaveProperty('wealthProducts');
  });
});

describe('sandbox clock: POST /sandbox/advance', () => {
  it('refuses a months that is not an integer from 1 to 60, naming the field', async () => {
    for (const months of [0, 61, 1.5, '3', null]) expect(await call('/sandbox/advance', { months })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', field: 'months' } } });
    expect(await call('/sandbox/advance', { months: 1, years: 1 })).toMatchObject({ status: 400, body: { error: { field: 'years' } } });
    expect((await call('/sandbox/clock')).body).toMatchObject({ months: 0, populationDate: '2026-06-30' });
  });

  it('changes some persons over 12 months, the same way for the same seed however the months are advanced', () => {
    const once = buildPopulation({ seed: SEED, households: 600, banks });
    const twice = buildPopulation({ seed: SEED, households: 600, banks });
    const a: Clock = { months: 0, changes: [] };
    const b: Clock = { months: 0, changes: [] };
    const before = JSON.stringify(once.households);
    const changes = advance(once, a, 12);
    advance(twice, b, 6);
    advance(twice, b, 6);
    expect(JSON.stringify(once.households)).not.toBe(before);
    expect(b.changes).toEqual(changes);
    expect(JSON.stringify(twice.households)).toBe(JSON.stringify(once.households));
    const kinds = new Set(changes.map((c) => c.change));
    for (const k of ['JOB_LOST', 'JOB_TAKEN', 'VEHICLE_BOUGHT']) expect(kinds.has(k as never), k).toBe(true);
    expect(changes.length).toBeGreaterThan(20);
    const other = buildPopulation({ seed: SEED + 1, households: 600, banks });
    expect(advance(other, { months: 0, changes: [] }, 12)).not.toEqual(changes);
  });

  it('moves the agencies on: asOf a year later, and what they answer follows the changes', async () => {
    const person = sandbox.population.households[0]!.members[0]!;
    const asOf = async () => ((await call('/agencies/ps_hukou/query', { persons: [person.idNumber], attributes: ['ps_hukou.name'] })).body.results as { asOf: string }[])[0]!.asOf;
    const first = await asOf();
    const { status, body } = await call('/sandbox/advance', { months: 12 });
    expect(status).toBe(200);
    expect(body).toMatchObject({ months: 12, populationDate: '2027-06-30' });
    expect(Number((await asOf()).slice(0, 4))).toBe(Number(first.slice(0, 4)) + 1);
    const changed = (body.changes as { idNumber: string; change: string }[]).find((c) => c.change === 'JOB_TAKEN')!;
    const res = await call('/agencies/hrss_employment/query', { persons: [changed.idNumber], attributes: ['hrss_employment.employed'] });
    expect((res.body.results as { values: Record<string, unknown> }[])[0]!.values['hrss_employment.employed']).toBe(true);
    expect((await call('/sandbox/clock')).body).toMatchObject({ months: 12, changes: { JOB_TAKEN: expect.any(Number) } });
  });
});
