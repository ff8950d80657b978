import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeValue, buildPopulation, holdsRecord, type Sandbox, type SandboxPerson } from '../../connectors/sandbox/index.js';
import { advance, type Clock } from '../../connectors/sandbox/clock.js';
import { isTransferItem } from '../../connectors/sandbox/income-items.js';
import { householdTruth, personHoldings } from '../../connectors/sandbox/holdings.js';
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
      // HR's monthly wage is the wage; tax's yearly one differs by up to 4% (field noise, docs/SANDBOX.md).
      const wages = monthlyAnswers(m, 'income.wage');
      near(held.income.wage, Math.max(0, ...[...wages].filter(([c]) => c !== 'tax.wage_income_12m').map(([, v]) => v)), 'wage');
      expect(Math.abs((wages.get('tax.wage_income_12m') ?? 0) - held.income.wage), `${m.idNumber} tax wage`).toBeLessThanOrEqual(held.income.wage * 0.04 + 0.01);
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
    // The truth follows: the job taken is listed among the household's changes since it declared.
    const household = sandbox.population.person(changed.idNumber)!.householdId;
    const truth = (await call(`/sandbox/truth/${household}`)).body as { sinceDeclaration: { months: number; events: { idNumber: string; change: string }[]; members: { idNumber: string; income: Record<string, { atDeclaration: number; now: number }> }[] } };
    expect(truth.sinceDeclaration.months).toBe(12);
    expect(truth.sinceDeclaration.events).toContainEqual(expect.objectContaining({ idNumber: changed.idNumber, change: 'JOB_TAKEN' }));
    expect(truth.sinceDeclaration.members.find((m) => m.idNumber === changed.idNumber)?.income.wage?.now).toBeGreaterThan(0);
  });

  it('lists after an advance what changed since the declaration, and hidden amounts as they are now', () => {
    const population = buildPopulation({ seed: SEED, households: 600, banks });
    const clock: Clock = { months: 0, changes: [] };
    for (const h of population.households) {
      const t = householdTruth(h, clock);
      expect(t.sinceDeclaration).toEqual({ months: 0, events: [], members: [] });
      for (const x of t.hidden) expect(x.amount).toBe(x.amountAtDeclaration);
    }
    const changes = advance(population, clock, 12);
    const last = new Map(changes.map((c) => [c.idNumber, c]));
    for (const c of changes) {
      const t = householdTruth(population.household(c.householdId)!, clock);
      expect(t.sinceDeclaration.events).toContainEqual({ month: c.month, idNumber: c.idNumber, change: c.change });
      // A person's last change shows in what moved (an earlier one may be undone: a job taken, then lost).
      if (last.get(c.idNumber) !== c) continue;
      const moved = t.sinceDeclaration.members.find((m) => m.idNumber === c.idNumber)!;
      if (c.change === 'JOB_TAKEN') expect(moved.income.wage!.now).toBeGreaterThan(0);
      if (c.change === 'VEHICLE_BOUGHT') expect(moved.assets.vehicles!.now).toBe(moved.assets.vehicles!.atDeclaration + 1);
      if (c.change === 'DIED') expect(moved.status.deceased).toEqual({ atDeclaration: false, now: true });
      if (c.change === 'MOVED_OUT') expect(moved.status.hukouRegion!.now).not.toBe(moved.status.hukouRegion!.atDeclaration);
    }
    // Income drift: wages move for nearly every earner; hidden wages and pensions are what the agencies show now.
    let drifted = 0;
    for (const h of population.households.filter((x) => x.hidden.length > 0)) {
      const t = householdTruth(h, clock);
      drifted += t.sinceDeclaration.members.filter((m) => m.income.wage || m.income.pension).length;
      for (const x of t.hidden) {
        const p = h.members.find((m) => m.idNumber === x.member)!.traits;
        if (x.kind === 'EMPLOYMENT') expect(x.amount).toBe(p.employed ? p.wageMonthly : 0);
        if (x.kind === 'PENSION') expect(x.amount).toBe(p.pensionMonthly);
        expect(x.present).toBe(x.amount > 0);
      }
    }
    expect(drifted).toBeGreaterThan(50);
  });
});
