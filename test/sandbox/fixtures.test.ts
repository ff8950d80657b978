import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPopulation, startSandbox, type Sandbox } from '../../connectors/sandbox/index.js';
import { catalog } from '../../src/catalog/index.js';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors/index.js';

const PROGRAMMES = fileURLToPath(new URL('../../connectors/sandbox/fixtures/programmes.json', import.meta.url));
const SEED = 7;
const HOUSEHOLDS = 300;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: SEED, households: HOUSEHOLDS, fixtures: PROGRAMMES, behaviour: { asyncDelayMs: 50 } });
});
afterAll(() => sandbox.close());

async function post(path: string, body: unknown) {
  const res = await fetch(sandbox.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function get(path: string) {
  const res = await fetch(sandbox.url + path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

interface Answer {
  results: { idNumber: string; found: boolean; asOf?: string; values?: Record<string, unknown> }[];
}

describe('scenario fixtures served by the sandbox', () => {
  it('adds the file\'s households to the population, first, marked as fixtures', () => {
    const fixtures = sandbox.population.households.filter((h) => h.fixture);
    expect(fixtures.map((h) => h.id)).toEqual(['FIX-DIBAO-1', 'FIX-TEKUN-1', 'FIX-LUXURY-1', 'FIX-MARGINAL-1', 'FIX-RIGID-1', 'FIX-BANK-1', 'FIX-DEFER-1', 'FIX-TEMP-1']);
    expect(sandbox.population.households.slice(0, 8)).toEqual(fixtures);
    expect(sandbox.population.households).toHaveLength(HOUSEHOLDS + 8);
    const head = sandbox.population.person('37010319720315801X')!;
    // Birth date and sex come from the ID number.
    expect(head).toMatchObject({ name: '王建国', relation: 'HEAD', birthDate: '1972-03-15', sex: 'MALE', householdId: 'FIX-DIBAO-1', regionCode: '370103' });
    expect(sandbox.population.person('370112196802118054')).toMatchObject({ name: '刘志强', relation: 'CHILD', householdId: 'FIX-TEKUN-1' });
    expect(sandbox.population.household('FIX-TEKUN-1')!.supporters.map((s) => s.idNumber)).toEqual(['370112196802118054']);
  });

  it('lists fixtures with the generated households, filterable, with declarations and supporters', async () => {
    const only = (await get('/sandbox/households?fixtures=true&limit=100')).body as { total: number; households: { id: string; fixture: boolean; supporters: unknown[]; declaration: { members: { monthlyIncome: number }[]; assets: Record<string, number> } }[] };
    expect(only.total).toBe(8);
    expect(only.households.every((h) => h.fixture)).toBe(true);
    const tekun = only.households.find((h) => h.id === 'FIX-TEKUN-1')!;
    expect(tekun.supporters).toEqual([{ idNumber: '370112196802118054', name: '刘志强', relation: 'CHILD', birthDate: '1968-02-11' }]);
    // A declaration's left-out assets are 0.
    expect(tekun.declaration).toEqual({ members: [{ idNumber: '37011219441103804X', name: '张桂英', relation: 'HEAD', monthlyIncome: 180 }], assets: { deposits: 2000, vehicles: 0, properties: 0, businesses: 0 } });
    const lixia = (await get('/sandbox/households?region=370102&limit=3')).body as { households: { id: string }[] };
    expect(lixia.households.map((h) => h.id)).toEqual(['FIX-MARGINAL-1', 'FIX-BANK-1', 'FIX-DEFER-1']);
    const generated = (await get('/sandbox/households?fixtures=false&limit=1000')).body as { total: number; households: { fixture: boolean }[] };
    expect(generated.total).toBe(HOUSEHOLDS);
    expect(await get('/sandbox/households?fixtures=1')).toMatchObject({ status: 400, body: { error: { field: 'fixtures' } } });
  });

  it('answers a synchronous source from the given record: given values, own identity, null for the rest, asOf as given', async () => {
    const { status, body } = await post('/agencies/tax/query', { persons: ['37010319720315801X'], attributes: ['tax.wage_income_12m', 'tax.interest_income_12m', 'tax.business_income_12m'] });
    expect(status).toBe(200);
    expect((body as unknown as Answer).results).toEqual([
      { idNumber: '37010319720315801X', found: true, asOf: '2026-06-30', values: { 'tax.wage_income_12m': 10800, 'tax.interest_income_12m': 0, 'tax.business_income_12m': null } },
    ]);
    const hukou = (await post('/agencies/ps_hukou/query', { persons: ['370103197408028024'] })).body as unknown as Answer;
    expect(hukou.results[0]).toMatchObject({ found: true, asOf: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(hukou.results[0]!.values).toMatchObject({ 'ps_hukou.name': '李秀兰', 'ps_hukou.sex': 'FEMALE', 'ps_hukou.birth_date': '1974-08-02', 'ps_hukou.hukou_type': 'URBAN', 'ps_hukou.ethnicity': null });
  });

  it('answers not found where the file gives a person no record of the source', async () => {
    // The spouse has no disability record; the child no tax record; the head no bank.
    const dpf = (await post('/agencies/dpf_disability/query', { persons: ['37010319720315801X', '370103197408028024'] })).body as unknown as Answer;
    expect(dpf.results.map((r) => r.found)).toEqual([true, false]);
    expect(dpf.results[0]!.values).toMatchObject({ 'dpf_disability.disability_grade': 'GRADE_3' });
    const tax = (await post('/agencies/tax/query', { persons: ['370103201205208032'] })).body as unknown as Answer;
    expect(tax.results).toEqual([{ idNumber: '370103201205208032', found: false }]);
  });

  it('answers a bank through the ticket protocol from the given record', async () => {
    const persons = ['370102195308198178', '370102195503058189'];
    const submitted = await post('/agencies/bank_icbc/inquiries', { persons, attributes: ['bank_icbc.demand_deposit', 'bank_icbc.time_deposit', 'bank_icbc.account_count'] });
    expect(submitted).toMatchObject({ status: 202, body: { status: 'PENDING' } });
    await new Promise((resolve) => setTimeout(resolve, 80));
    const done = await get(`/agencies/bank_icbc/inquiries/${submitted.body.ticket as string}`);
    expect(done).toMatchObject({ status: 200, body: { status: 'DONE' } });
    expect((done.body as unknown as Answer).results).toEqual([
      { idNumber: persons[0], found: true, asOf: '2026-10-31', values: { 'bank_icbc.demand_deposit': 30000, 'bank_icbc.time_deposit': 120000, 'bank_icbc.account_count': 2 } },
      { idNumber: persons[1], found: false },
    ]);
  });

  it('answers a supporter like a member', async () => {
    const { body } = await post('/agencies/mi_medical/query', { persons: ['370112196802118054'], attributes: ['mi_medical.serious_illness'] });
    expect((body as unknown as Answer).results[0]).toMatchObject({ found: true, values: { 'mi_medical.serious_illness': true } });
  });

  it('takes the path from SANDBOX_FIXTURES', () => {
    expect(loadConfig({ SANDBOX_FIXTURES: PROGRAMMES }).sandbox.fixtures).toBe(PROGRAMMES);
    expect(loadConfig({}).sandbox.fixtures).toBeNull();
    expect(() => loadConfig({ SANDBOX_FIXTURES: ' ' })).toThrow(/SANDBOX_FIXTURES/);
  });
});

describe('a fixtures file that does not validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-fixtures-'));
  const example: unknown = JSON.parse(readFileSync(PROGRAMMES, 'utf8'));
  const banks = catalog().sources.filter((s) => s.family === 'bank').map((s) => s.id);

  interface Shape {
    households: { id: string; regionCode: string; members: { idNumber: string; relation: string; records: Record<string, Record<string, unknown>> }[] }[];
  }

  /** The example changed by `edit`, written to a file of its own. */
  function fileWith(name: string, edit: (f: Shape) => void): string {
    const copy = structuredClone(example) as unknown as Shape;
    edit(copy);
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(copy));
    return path;
  }

  async function refusal(path: string): Promise<string> {
    const started = startSandbox({ port: 0, seed: SEED, households: 50, fixtures: path });
    await expect(started).rejects.toBeInstanceOf(ConfigError);
    return ((await started.catch((err: unknown) => err)) as Error).message;
  }

  const cases: [string, (f: Shape) => void, RegExp][] = [
    ['unknown attribute', (f) => void (f.households[2]!.members[0]!.records.tax!['tax.annual_income'] = 1), /households\[2\]\.members\[0\]\.records\.tax\.tax\.annual_income: tax provides no attribute tax\.annual_income/],
    ['attribute of another source', (f) => void (f.households[0]!.members[0]!.records.tax!['ps_hukou.name'] = 'x'), /households\[0\]\.members\[0\]\.records\.tax\.ps_hukou\.name: tax provides no attribute/],
    ['unknown source', (f) => void (f.households[0]!.members[1]!.records.taxes = {}), /households\[0\]\.members\[1\]\.records\.taxes: unknown source taxes/],
    ['wrong type', (f) => void (f.households[4]!.members[0]!.records.tax!['tax.wage_income_12m'] = '64800'), /households\[4\]\.members\[0\]\.records\.tax\.tax\.wage_income_12m: must be a number \(MONEY, CNY\/year\), got "64800"/],
    ['value outside the enum', (f) => void (f.households[0]!.members[0]!.records.ps_hukou!['ps_hukou.hukou_type'] = 'CITY'), /records\.ps_hukou\.ps_hukou\.hukou_type: must be one of URBAN, RURAL \(ENUM\)/],
    ['integer expected', (f) => void (f.households[0]!.members[0]!.records.re_property!['re_property.property_count'] = 1.5), /re_property\.property_count: must be an integer/],
    ['bad asOf', (f) => void (f.households[0]!.members[0]!.records.tax!.asOf = '2026-02-30'), /households\[0\]\.members\[0\]\.records\.tax\.asOf: must be a date YYYY-MM-DD/],
    ['bad ID number', (f) => void (f.households[1]!.members[0]!.idNumber = '370112194411038041'), /households\[1\]\.members\[0\]\.idNumber: check character does not match/],
    ['unknown region', (f) => void (f.households[3]!.regionCode = '370199'), /households\[3\]\.regionCode: "370199" is not a known county code/],
    ['a city is not a county', (f) => void (f.households[3]!.regionCode = '370100'), /households\[3\]\.regionCode: "370100" is not a known county code/],
    ['duplicate person', (f) => void (f.households[5]!.members[1]!.idNumber = f.households[0]!.members[0]!.idNumber), /households\[5\]\.members\[1\]\.idNumber: 37010319720315801X is already households\[0\]\.members\[0\]/],
    ['duplicate household id', (f) => void (f.households[5]!.id = 'FIX-DIBAO-1'), /households\[5\]\.id: FIX-DIBAO-1 is already households\[0\]/],
    ['unknown relation', (f) => void (f.households[0]!.members[2]!.relation = 'SON'), /households\[0\]\.members\[2\]\.relation: /],
    ['two heads', (f) => void (f.households[0]!.members[1]!.relation = 'HEAD'), /households\[0\]\.members: must have exactly one HEAD, has 2/],
    ['unknown field', (f) => void ((f.households[0]!.members[0] as unknown as Record<string, unknown>).birthDate = '1972-03-15'), /households\[0\]\.members\[0\]\.birthDate: unknown field/],
  ];

  it.each(cases)('names the path and the field: %s', async (name, edit, expected) => {
    const path = fileWith(name.replaceAll(' ', '-'), edit);
    const message = await refusal(path);
    expect(message).toContain(`SANDBOX_FIXTURES=${path}: households[`);
    expect(message).toMatch(expected);
  });

  it('refuses a person the generated population already has, naming the household', async () => {
    const taken = buildPopulation({ seed: SEED, households: 50, banks }).households[3]!;
    const path = fileWith('collision', (f) => void (f.households[1]!.members[0]!.idNumber = taken.members[0]!.idNumber));
    expect(await refusal(path)).toContain(`SANDBOX_FIXTURES=${path}: households[1].members[0].idNumber: ${taken.members[0]!.idNumber} is already a person of the generated population (household ${taken.id})`);
  });

  it('refuses a file that is missing or not JSON', async () => {
    const missing = join(dir, 'nowhere.json');
    expect(await refusal(missing)).toContain(`SANDBOX_FIXTURES=${missing}: cannot read the file (ENOENT)`);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "households": [');
    expect(await refusal(broken)).toContain(`SANDBOX_FIXTURES=${broken}: not valid JSON`);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '{ "households": [] }');
    expect(await refusal(empty)).toContain(`SANDBOX_FIXTURES=${empty}: households: `);
  });
});

describe('a fixtures declaration by kind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-fixtures-kind-'));
  const head = { idNumber: '37010319720315801X', name: '王建国', relation: 'HEAD', records: { hrss_employment: { 'hrss_employment.wage_monthly': 3000 } } };
  const spouse = { idNumber: '37010319740512802X', name: '李秀英', relation: 'SPOUSE', records: {} };
  function file(name: string, declaration: unknown): string {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ households: [{ id: 'FIX-KIND-1', regionCode: '370103', members: [head, spouse], declaration }] }));
    return path;
  }

  it('is served like a generated household: income and assets by kind, and the total and four assets derived from them', async () => {
    const path = file('by-kind', {
      members: [{ idNumber: head.idNumber, declaredIncome: { wage: 3000, pension: 0, transfer: 300 } }],
      declaredAssets: { deposits: 20000, depositsByBank: [{ bank: 'bank_icbc', amount: 20000 }], funds: 5000, land: 1.5, vehicles: 1 },
    });
    const s = await startSandbox({ port: 0, seed: SEED, households: 50, fixtures: path });
    try {
      const listed = (await (await fetch(`${s.url}/sandbox/households?fixtures=true`)).json()) as { households: { declaration: unknown }[] };
      expect(listed.households[0]!.declaration).toEqual({
        members: [
          { idNumber: head.idNumber, name: '王建国', relation: 'HEAD', monthlyIncome: 3000, declaredIncome: { wage: 3000, business: 0, pension: 0, property: 0, transfer: 300, other: 0 } },
          { idNumber: spouse.idNumber, name: '李秀英', relation: 'SPOUSE', monthlyIncome: 0, declaredIncome: { wage: 0, business: 0, pension: 0, property: 0, transfer: 0, other: 0 } },
        ],
        assets: { deposits: 20000, vehicles: 1, properties: 0, businesses: 0 },
        declaredAssets: { deposits: 20000, depositsByBank: [{ bank: 'bank_icbc', amount: 20000 }], wealthProducts: 0, funds: 5000, securities: 0, housingFund: 0, insuranceCashValue: 0, businessCapital: 0, land: 1.5, vehicles: 1, properties: 0, businesses: 0 },
      });
    } finally {
      await s.close();
    }
  });

  it('keeps the old shape as it was, and refuses a bank that is not one and an unknown kind, naming the field', async () => {
    const s = await startSandbox({ port: 0, seed: SEED, households: 50, fixtures: file('old', { members: [{ idNumber: head.idNumber, monthlyIncome: 900 }], assets: { deposits: 3000 } }) });
    try {
      expect(s.population.household('FIX-KIND-1')!.declaration).toEqual({
        members: [{ idNumber: head.idNumber, name: '王建国', relation: 'HEAD', monthlyIncome: 900 }, { idNumber: spouse.idNumber, name: '李秀英', relation: 'SPOUSE', monthlyIncome: 0 }],
        assets: { deposits: 3000, vehicles: 0, properties: 0, businesses: 0 },
      });
    } finally {
      await s.close();
    }
    const refused = async (path: string) => ((await startSandbox({ port: 0, seed: SEED, households: 50, fixtures: path }).catch((err: unknown) => err)) as Error).message;
    expect(await refused(file('bad-bank', { declaredAssets: { depositsByBank: [{ bank: 'tax', amount: 1 }] } }))).toContain('households[0].declaration.declaredAssets.depositsByBank[0].bank: "tax" is not a bank source id');
    expect(await refused(file('bad-kind', { declaredAssets: { gold: 1 } }))).toContain('households[0].declaration.declaredAssets.gold: unknown field');
    expect(await refused(file('bad-income', { members: [{ idNumber: head.idNumber, declaredIncome: { salary: 1 } }] }))).toContain('households[0].declaration.members[0].declaredIncome.salary: unknown field');
  });
});
