import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess, type AssessedPerson, type Assessment, type Programme } from '../../src/assessment/index.js';
import { ableSupporter, bornAged, input, parameters, person, policyWith } from './fixture-policy.js';

// Fixture standards (urban): 低保 900, low income 1350; 刚性支出困难 10% of income and 2x the low-income standard.
const of = (a: Assessment, p: Programme) => a.eligibility.find((e) => e.programme === p)!;
const eligible = (a: Assessment) => a.eligibility.filter((e) => e.conclusion === 'ELIGIBLE').map((e) => e.programme);
const codes = (a: Assessment, p: Programme) => of(a, p).grounds.map((g) => g.code);

// An elderly couple (72 and 71, coefficient 0): the head's pension is the household's only income.
// Their son (ableSupporter) reports a wage of 0: nothing is counted, but he rules out 特困, which would exclude 低保.
const couple = (pension: number, head: Record<string, AttributeValue> = {}, supporters: AssessedPerson[] = [ableSupporter()], p = input([]).policy) =>
  assess(input([person('h', 'HEAD', bornAged(72), { 'hrss_benefit.pension_monthly': pension, ...head }), person('s', 'SPOUSE', bornAged(71))], supporters, p));

describe('低保 (MINIMUM_LIVING)', () => {
  it('lists the five programmes in order, each with a conclusion, grounds, reasons = their English, no missing source', () => {
    const a = couple(1000);
    expect(a.eligibility.map((e) => e.programme)).toEqual(['MINIMUM_LIVING', 'EXTREME_POVERTY', 'MARGINAL', 'RIGID_EXPENDITURE_HARDSHIP', 'TEMPORARY_ASSISTANCE']);
    for (const e of a.eligibility) {
      expect(e.eligible).toBe(e.conclusion === 'ELIGIBLE');
      expect(e.reasons).toEqual(e.grounds.map((g) => g.en));
      expect(e.missing).toEqual([]);
    }
  });

  it('grants it below the standard with every ground: 1799.98 / 2 = 899.99 < 900', () => {
    const ml = of(couple(1799.98), 'MINIMUM_LIVING');
    expect(ml.conclusion).toBe('ELIGIBLE');
    expect(ml.grounds.map((g) => [g.code, g.holds])).toEqual([
      ['MEMBERS_COUNTED', true],
      ['INCOME_BELOW_MINIMUM_LIVING', true],
      ['ASSETS_WITHIN_LIMITS', true],
      ['NO_VETO', true],
    ]);
    const income = ml.grounds[1]!;
    expect(income.zh).toBe('家庭月人均收入（扣除刚性支出后） 899.99 元，低于本地城市低保标准 900.00 元');
    expect(income.en).toBe('Household monthly income per person after rigid expenditure 899.99 CNY, below the local urban minimum living standard 900.00 CNY');
    expect(income.figure?.rule).toBe('household.per-capita.counted-members');
  });

  it('refuses it at the standard itself (near miss: 1800 / 2 = 900, not below 900); the household is marginal instead', () => {
    const a = couple(1800);
    expect(of(a, 'MINIMUM_LIVING')).toMatchObject({ conclusion: 'NOT_ELIGIBLE', eligible: false, benefit: null, reasons: ['Household monthly income per person after rigid expenditure 900.00 CNY, not below the local urban minimum living standard 900.00 CNY'] });
    expect(eligible(a)).toEqual(['MARGINAL']);
  });

  it('refuses it when assets exceed a limit, even far below the standard', () => {
    const a = couple(200, { 'ps_vehicle.vehicle_count': 1 });
    expect(of(a, 'MINIMUM_LIVING').grounds.map((g) => [g.code, g.zh])).toEqual([['ASSET_LIMIT_VEHICLES', '机动车 1 辆，超过本地低保限额 0 辆']]);
    expect(of(a, 'MINIMUM_LIVING').reasons).toEqual(['Vehicles 1 above the limit 0']);
  });

  it('deducts rigid expenditure or not per the region switch: 1900 − 2400/12 = 1700, /2 = 850 < 900 deducted; 1900 / 2 = 950 not deducted', () => {
    const head = { 'mi_medical.out_of_pocket_12m': 2400 };
    expect(of(couple(1900, head), 'MINIMUM_LIVING').conclusion).toBe('ELIGIBLE');
    const gansu = policyWith({ programmes: { ...parameters.programmes!, deductRigidForMinimumLiving: false } });
    const ml = of(couple(1900, head, [], gansu), 'MINIMUM_LIVING');
    expect(ml.conclusion).toBe('NOT_ELIGIBLE');
    expect(ml.grounds[0]!.zh).toBe('家庭月人均收入 950.00 元，不低于本地城市低保标准 900.00 元');
    expect(ml.grounds[0]!.figure?.rule).toBe('household.per-capita-before-deductions.counted-members');
  });
});

describe('特困 (EXTREME_POVERTY)', () => {
  it('grants it to members aged 60+ with no labour capacity and no able supporter (the supporter is seriously ill)', () => {
    const a = couple(1000, {}, [person('c', 'CHILD', bornAged(40), { 'mi_medical.serious_illness': true, 'hrss_employment.wage_monthly': 8000 })]);
    const ep = of(a, 'EXTREME_POVERTY');
    expect(ep.conclusion).toBe('ELIGIBLE');
    expect(ep.grounds.map((g) => g.code)).toEqual(['EP_PERSON_QUALIFIES', 'EP_NO_ABLE_MEMBER', 'EP_NO_ABLE_SUPPORTER', 'INCOME_BELOW_MINIMUM_LIVING', 'ASSETS_WITHIN_LIMITS', 'NO_VETO', 'EP_CARE_LEVEL_FULL_SELF_CARE']);
    expect(ep.grounds[0]!.zh).toBe('年满 60 周岁、未满 16 周岁、1/2 级残疾且无劳动能力的成员 2 人');
    expect(ep.grounds[0]!.figure).toMatchObject({ value: 2, rule: 'extreme-poverty.qualifying-members', persons: ['h', 's'] });
    // 《社会救助暂行办法》第十四条: 特困供养人员不再享受最低生活保障. 1000 / 2 = 500 < 900 meets the 低保
    // conditions, yet 低保 is concluded NOT_ELIGIBLE, with no amount; 低保边缘 is not opened by it.
    expect(eligible(a)).toEqual(['EXTREME_POVERTY']);
    expect(of(a, 'MINIMUM_LIVING')).toMatchObject({
      conclusion: 'NOT_ELIGIBLE',
      benefit: null,
      grounds: [{ code: 'EXTREME_POVERTY_INSTEAD', holds: false, zh: '已符合特困人员救助供养条件，不重复享受最低生活保障' }],
    });
    expect(codes(a, 'MARGINAL')).toEqual(['NOT_MINIMUM_LIVING']);
    expect(ep.benefit).not.toBeNull();
  });

  it('leaves 低保 as it is when 特困 is refused: the same couple with an able supporter gets 低保, with its amount', () => {
    const a = couple(1000, {}, [person('c', 'CHILD', bornAged(40), { 'hrss_employment.wage_monthly': 2000 })]);
    expect(of(a, 'EXTREME_POVERTY').conclusion).toBe('NOT_ELIGIBLE');
    expect(of(a, 'MINIMUM_LIVING').conclusion).toBe('ELIGIBLE');
    expect(of(a, 'MINIMUM_LIVING').benefit).not.toBeNull();
    expect(codes(a, 'MINIMUM_LIVING')).not.toContain('EXTREME_POVERTY_INSTEAD');
  });

  it('grants it to a 40-year-old disabled at grade 1 (coefficient 0), care level NO_SELF_CARE', () => {
    const a = assess(input([person('p', 'HEAD', bornAged(40), { 'dpf_disability.disability_grade': 'GRADE_1', 'hrss_benefit.pension_monthly': 500 })]));
    const ep = of(a, 'EXTREME_POVERTY');
    expect(ep.conclusion).toBe('ELIGIBLE');
    expect(ep.grounds.at(-1)).toMatchObject({ code: 'EP_CARE_LEVEL_NO_SELF_CARE', zh: '生活自理能力完全不能自理 1 人' });
  });

  it('refuses it when a supporter is able, even without recorded income (near miss)', () => {
    const a = couple(1000, {}, [person('c', 'CHILD', bornAged(40))]);
    expect(of(a, 'EXTREME_POVERTY').reasons).toEqual(['1 supporter(s) able to support']);
    expect(of(a, 'MINIMUM_LIVING').eligible).toBe(true);
  });
});

describe('a supporter with no income record (support.no-record) is named in the income-tested conclusions', () => {
  it('adds SUPPORTER_INCOME_UNVERIFIED (holds) to 低保: the support counted as 0 is not verified', () => {
    const a = couple(1000, {}, [person('c', 'CHILD', bornAged(40))]);
    expect(a.supporters[0]).toMatchObject({ support: { rule: 'support.no-record', value: 0 }, verified: false });
    const g = of(a, 'MINIMUM_LIVING').grounds.find((x) => x.code === 'SUPPORTER_INCOME_UNVERIFIED')!;
    expect(g).toMatchObject({ holds: true, zh: '赡养人（子女）无收入记录，赡养费按 0 计，未经核实', en: 'The supporter (child): no income on record, support counted as 0, not verified', figure: { value: 0, rule: 'support.no-record', persons: ['c'] } });
    expect(codes(a, 'MINIMUM_LIVING')).toEqual(['MEMBERS_COUNTED', 'INCOME_BELOW_MINIMUM_LIVING', 'ASSETS_WITHIN_LIMITS', 'NO_VETO', 'SUPPORTER_INCOME_UNVERIFIED']);
  });

  it('adds it to 低保边缘 too, and counts the supporters: 2699.98 / 2 = 1349.99 < 1350, two supporters without a record', () => {
    const a = couple(2699.98, {}, [person('c1', 'CHILD', bornAged(40)), person('c2', 'CHILD', bornAged(38))]);
    const g = of(a, 'MARGINAL').grounds.find((x) => x.code === 'SUPPORTER_INCOME_UNVERIFIED')!;
    expect(g.zh).toBe('赡养人 2 人（子女）无收入记录，赡养费按 0 计，未经核实');
    expect(g.figure?.persons).toEqual(['c1', 'c2']);
  });

  it('does not add it for a supporter with a record, nor for an exempt one (the exemption is the record)', () => {
    const recorded = couple(1000, {}, [person('c', 'CHILD', bornAged(40), { 'hrss_employment.wage_monthly': 2000 })]);
    expect(codes(recorded, 'MINIMUM_LIVING')).not.toContain('SUPPORTER_INCOME_UNVERIFIED');
    const exempt = couple(1000, {}, [person('c', 'CHILD', bornAged(40), { 'mi_medical.serious_illness': true })]);
    expect(codes(exempt, 'EXTREME_POVERTY')).not.toContain('SUPPORTER_INCOME_UNVERIFIED');
    expect(of(exempt, 'EXTREME_POVERTY').conclusion).toBe('ELIGIBLE');
  });

  it('shows only failed grounds when refused: 特困, refused by the able (unrecorded) supporter, says EP_NO_ABLE_SUPPORTER alone', () => {
    const a = couple(1000, {}, [person('c', 'CHILD', bornAged(40))]);
    expect(codes(a, 'EXTREME_POVERTY')).toEqual(['EP_NO_ABLE_SUPPORTER']);
  });

  it('refuses it when the only member aged 60+ can still work (66: coefficient 0.4)', () => {
    const a = assess(input([person('h', 'HEAD', bornAged(66), { 'hrss_employment.wage_monthly': 300 })]));
    expect(of(a, 'EXTREME_POVERTY').grounds.map((g) => g.code)).toEqual(['EP_PERSON_QUALIFIES', 'EP_NO_ABLE_MEMBER']);
    expect(of(a, 'EXTREME_POVERTY').reasons[1]).toBe('1 member(s) able to work');
  });

  it('says POLICY_NOT_SET under a version from before programmes were policy data', () => {
    const old = policyWith({ programmes: undefined });
    expect(codes(couple(1000, {}, [], old), 'EXTREME_POVERTY')).toEqual(['POLICY_NOT_SET']);
    expect(of(couple(1000, {}, [], old), 'MINIMUM_LIVING').conclusion).toBe('ELIGIBLE');
  });
});

describe('低保边缘 (MARGINAL)', () => {
  it('grants it between the two standards (2699.98 / 2 = 1349.99 < 1350) and refuses it at the low-income standard (near miss)', () => {
    expect(codes(couple(2699.98), 'MARGINAL')).toEqual(['NOT_MINIMUM_LIVING', 'MEMBERS_COUNTED', 'INCOME_BELOW_LOW_INCOME', 'MARGINAL_ASSETS_WITHIN_LIMITS', 'NO_VETO']);
    expect(of(couple(2700), 'MARGINAL').reasons).toEqual(['Household monthly income per person after rigid expenditure 1350.00 CNY, not below the local urban low-income standard 1350.00 CNY']);
    expect(codes(couple(1000), 'MARGINAL')).toEqual(['NOT_MINIMUM_LIVING']);
  });

  it('applies its own asset limits: 80000 / 2 = 40000 per person, above 低保’s 30000, within the marginal 45000', () => {
    const p = policyWith({ marginalAssetLimits: { ...parameters.marginalAssetLimits!, depositsPerCapita: 45000 } });
    const a = couple(1000, { 'bank_icbc.demand_deposit': 80000 }, [], p);
    expect(codes(a, 'MINIMUM_LIVING')).toEqual(['ASSET_LIMIT_DEPOSITS_PER_CAPITA']);
    expect(of(a, 'MARGINAL').conclusion).toBe('ELIGIBLE');
    const over = couple(1000, { 'bank_icbc.demand_deposit': 90000.02 }, [], p);
    expect(of(over, 'MARGINAL').grounds[0]!.zh).toBe('人均存款、理财、基金和证券 45000.01 元，超过本地低保边缘家庭限额 45000.00 元');
  });
});

describe('刚性支出困难 (RIGID_EXPENDITURE_HARDSHIP)', () => {
  it('grants it to a household poor by spending: 7200/12 = 600 > 10% of 3000 = 300; 3000 / 2 = 1500 < 2 x 1350 = 2700', () => {
    const a = couple(3000, { 'mi_medical.out_of_pocket_12m': 7200 });
    const r = of(a, 'RIGID_EXPENDITURE_HARDSHIP');
    expect(r.grounds.map((g) => g.code)).toEqual(['NOT_MINIMUM_LIVING', 'MEMBERS_COUNTED', 'RIGID_EXPENDITURE_SHARE', 'INCOME_BELOW_LOW_INCOME_MULTIPLE', 'MARGINAL_ASSETS_WITHIN_LIMITS', 'NO_VETO']);
    expect(r.grounds[2]!.zh).toBe('家庭月刚性支出 600.00 元，超过家庭月收入 3000.00 元的 10%（300.00 元）');
    expect(r.grounds[3]!.en).toBe('Household monthly income per person 1500.00 CNY, below 2 times the local urban low-income standard 1350.00 CNY (2700.00 CNY)');
    expect(eligible(a)).toEqual(['MARGINAL', 'RIGID_EXPENDITURE_HARDSHIP']);
  });

  it('refuses it at the share (near miss: 3600/12 = 300, not above 300) and at the income ceiling (5400 / 2 = 2700)', () => {
    expect(of(couple(3000, { 'mi_medical.out_of_pocket_12m': 3600 }), 'RIGID_EXPENDITURE_HARDSHIP').reasons).toEqual(['Household rigid expenditure 300.00 CNY a month, not above 10% of its monthly income 3000.00 CNY (300.00 CNY)']);
    expect(codes(couple(5400, { 'mi_medical.out_of_pocket_12m': 7200 }), 'RIGID_EXPENDITURE_HARDSHIP')).toEqual(['INCOME_BELOW_LOW_INCOME_MULTIPLE']);
  });
});

describe('临时救助 (TEMPORARY_ASSISTANCE)', () => {
  it('grants it on an urgent request with no income test, even to a household far above every standard', () => {
    const a = assess({ ...input([person('h', 'HEAD', bornAged(40), { 'hrss_employment.wage_monthly': 20000 })]), purpose: 'URGENT_ASSISTANCE' });
    const t = of(a, 'TEMPORARY_ASSISTANCE');
    expect(t.conclusion).toBe('ELIGIBLE');
    expect(t.grounds.map((g) => [g.code, g.zh])).toEqual([
      ['MEMBERS_COUNTED', '计入家庭成员 1 人'],
      ['URGENT_REQUEST', '急难申请（URGENT_ASSISTANCE），先行救助，不作收入审核'],
    ]);
    expect(t.benefit).toBeNull();
  });

  it('outside an emergency, decides by expenditure: 12000/12 = 1000 > 50% of 1000 = 500; 3000/12 = 250 is not', () => {
    expect(of(couple(1000, { 'mi_medical.out_of_pocket_12m': 12000 }), 'TEMPORARY_ASSISTANCE').conclusion).toBe('ELIGIBLE');
    expect(of(couple(1000, { 'mi_medical.out_of_pocket_12m': 3000 }), 'TEMPORARY_ASSISTANCE').reasons).toEqual(['Household rigid expenditure 250.00 CNY a month, not above 50% of its monthly income 1000.00 CNY (500.00 CNY)']);
  });
});

describe('no member counted', () => {
  it('grants nothing', () => {
    const a = assess(input([person('h', 'HEAD', bornAged(80), { 'ps_hukou.vital_status': 'DECEASED' })]));
    expect(eligible(a)).toEqual([]);
    expect(of(a, 'MINIMUM_LIVING').grounds[0]).toMatchObject({ code: 'MEMBERS_COUNTED', holds: false, zh: '无可计入的家庭成员（均已死亡或正在服刑）' });
  });
});
