import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attributeValue, buildPopulation, holdsRecord, type SandboxPerson } from '../../connectors/sandbox/index.js';
import { assess, eachFigure, type Figure } from '../../src/assessment/index.js';
import { catalog, type PersonRecord } from '../../src/catalog/index.js';
import { policyParametersSchema, type ResolvedPolicy } from '../../src/regional-policy/index.js';
import type { ReportMember } from '../../src/reports/index.js';
import { explainAssessment, labelOf } from '../../src/reports/explain.js';

const cat = catalog();
const SEED = 11;
const shandong = JSON.parse(readFileSync(new URL('../../src/regional-policy/data/370000_2026-01-01.json', import.meta.url), 'utf8')) as { parameters: unknown };
const policy: ResolvedPolicy = { regionCode: '370000', date: '2026-11-27', versions: [], parameters: policyParametersSchema.parse(shandong.parameters) };

/** A sandbox person as a report holds them: what every agency says of them. */
function member(p: SandboxPerson, relation: string): ReportMember {
  const records: Record<string, PersonRecord> = {};
  for (const source of cat.sources) {
    if (!holdsRecord(source, p, SEED)) continue;
    records[source.id] = { found: true, asOf: '2026-10-31', values: Object.fromEntries(cat.attributesOf(source.id).map((a) => [a.code, attributeValue(a, source, p, SEED)])) };
  }
  return { personId: p.idNumber, idNumber: p.idNumber, name: p.name, relation, birthDate: p.birthDate, sex: p.sex, declaredMonthlyIncome: null, records };
}

describe('sentences for every figure', () => {
  it('names every rule the means test produces over 400 sandbox households (no figure falls back to its rule id)', () => {
    const population = buildPopulation({ seed: SEED, households: 400, banks: cat.sources.filter((s) => s.family === 'bank').map((s) => s.id) });
    const unnamed = new Set<string>();
    const support = new Set<string>();
    let figures = 0;
    for (const h of population.households) {
      const members = h.members.map((m) => member(m, m.relation));
      // The supporters too (the generated households have none today; the next test makes its own).
      const supporters = h.supporters.map((s) => member(s, s.relation));
      const a = assess({ policy, catalog: cat, assessedOn: policy.date, members, supporters });
      eachFigure(a, (f: Figure) => {
        figures += 1;
        if (!labelOf(f.rule)) unnamed.add(f.rule);
      });
      // A supporter's figures (eachFigure walks the household's): their contribution and income.
      for (const f of a.supporters.flatMap((x) => (x.income ? [x.support, x.income] : [x.support]))) {
        if (!labelOf(f.rule)) unnamed.add(f.rule);
        support.add(f.rule);
      }
    }
    expect(figures).toBeGreaterThan(10_000);
    expect([...unnamed]).toEqual([]);
    expect([...support].filter((r) => !labelOf(r))).toEqual([]);
  });

  it('reads out the amount, the person, the agency and its date, and what is not verified', () => {
    const pension = 'hrss_benefit.pension_monthly';
    const head: ReportMember = { personId: 'p1', idNumber: '370102195308198178', name: '吴德明', relation: 'HEAD', birthDate: '1953-08-19', sex: 'MALE', declaredMonthlyIncome: null, records: { hrss_benefit: { found: true, asOf: '2026-10-31', values: { [pension]: 1000 } } } };
    const a = assess({ policy, catalog: cat, assessedOn: policy.date, members: [head], supporters: [] });
    const figure = a.members[0]!.income.PENSION!;
    figure.provisional = [{ source: 'bank_icbc', status: 'TIMEOUT' }];
    explainAssessment(a, { members: [head], supporters: [] }, cat);
    expect(figure.zh).toBe(`养老金（吴德明） 每月 1000.00 元，依据：${cat.source('hrss_benefit')!.zh}（截至 2026-10-31）；未经核实：${cat.source('bank_icbc')!.zh}超时未答复。`);
    expect(figure.en).toBe('Pension (吴德明): 1000.00 CNY a month, from ' + cat.source('hrss_benefit')!.en + '; not verified: bank_icbc timeout.');
    expect(a.income.perCapita.zh).toMatch(/^家庭月人均收入（吴德明） 每月 1000\.00 元/);
  });

  it('reads out a supporter\'s contribution and, for one without an income record, that 0 is not verified', () => {
    const head: ReportMember = { personId: 'p1', idNumber: '370102195308198178', name: '吴德明', relation: 'HEAD', birthDate: '1953-08-19', sex: 'MALE', declaredMonthlyIncome: null, records: { hrss_benefit: { found: true, asOf: '2026-10-31', values: { 'hrss_benefit.pension_monthly': 600 } } } };
    const paid: ReportMember = { personId: 's1', idNumber: '370102198001011234', name: '吴建华', relation: 'CHILD', birthDate: '1980-01-01', sex: 'MALE', declaredMonthlyIncome: null, records: { hrss_employment: { found: true, asOf: '2026-10-31', values: { 'hrss_employment.wage_monthly': 4000 } } } };
    const unknown: ReportMember = { personId: 's2', idNumber: '370102198203051234', name: '吴建英', relation: 'CHILD', birthDate: '1982-03-05', sex: 'FEMALE', declaredMonthlyIncome: null, records: {} };
    const ill: ReportMember = { ...unknown, personId: 's3', idNumber: '370102198406071234', name: '吴建平', records: { mi_medical: { found: true, asOf: '2026-10-31', values: { 'mi_medical.serious_illness': true } } } };
    const sibling: ReportMember = { ...paid, personId: 's4', idNumber: '370102195501011234', name: '吴德亮', relation: 'SIBLING' };
    const supporters = [paid, unknown, ill, sibling];
    const a = assess({ policy, catalog: cat, assessedOn: policy.date, members: [head], supporters });
    explainAssessment(a, { members: [head], supporters }, cat);
    const [s1, s2, s3, s4] = a.supporters;
    expect([s3!.support.rule, s3!.support.zh]).toEqual(['support.exempt', '赡养费（赡养人免于核定）（吴建平） 每月 0.00 元，依据：医保参保及结算信息（截至 2026-10-31）。']);
    expect([s4!.support.rule, s4!.support.zh]).toEqual(['support.no-parent-in-household', '赡养费（家庭中无其父母）（吴德亮） 每月 0.00 元。']);
    expect(s1!.support.rule).toMatch(/^support\.per-parent-share\./);
    expect(s1!.support.zh).toContain('吴建华');
    expect(s1!.income!.zh).toContain('赡养人月收入');
    expect(s2!.support).toMatchObject({ rule: 'support.no-record', value: 0 });
    expect(s2!.support.zh).toContain('赡养费（赡养人无收入记录，未经核实）');
    expect(s2!.support.zh).toContain('吴建英');
    expect(s1!.support.zh).toBe('赡养费（按基础比例）（吴建华、吴德明） 每月 200.00 元，依据：人社就业登记信息（截至 2026-10-31）。');
    expect(s2!.support.zh).toBe('赡养费（赡养人无收入记录，未经核实）（吴建英） 每月 0.00 元。');
    // The conclusion says so too: 800 per person (600 + 4000 x 5%) is below 1000, on a support of 0 from 吴建英 that is not verified.
    const ground = a.eligibility.find((e) => e.programme === 'MINIMUM_LIVING')!.grounds.find((g) => g.code === 'SUPPORTER_INCOME_UNVERIFIED')!;
    expect([ground.zh, ground.figure?.zh]).toEqual(['赡养人（子女）无收入记录，赡养费按 0 计，未经核实', '赡养费（赡养人无收入记录，未经核实）（吴建英） 每月 0.00 元。']);
  });
});
