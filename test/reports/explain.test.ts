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
    let figures = 0;
    for (const h of population.households) {
      const members = h.members.map((m) => member(m, m.relation));
      const a = assess({ policy, catalog: cat, assessedOn: policy.date, members, supporters: [] });
      eachFigure(a, (f: Figure) => {
        figures += 1;
        if (!labelOf(f.rule)) unnamed.add(f.rule);
      });
    }
    expect(figures).toBeGreaterThan(10_000);
    expect([...unnamed]).toEqual([]);
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
});
