import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess, type AssessedPerson } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

// The fixture policy has no urgency or specialGroups section: the shipped rules (RULE_DEFAULTS) apply.
// Urban standards: minimum living 900, low income 1350.
const of = (members: AssessedPerson[]) => assess(input(members));
const single = (age: number, pension: number, values: Record<string, AttributeValue> = {}) => of([person('p', 'HEAD', bornAged(age), { 'hrss_benefit.pension_monthly': pension, ...values })]);

describe('special groups (主动发现)', () => {
  it('empty-nest elderly: every counted member aged 60+ (two of 70 and 68)', () => {
    expect(of([person('a', 'HEAD', bornAged(70)), person('b', 'SPOUSE', bornAged(68))]).specialGroups.map((g) => g.code)).toEqual(['EMPTY_NEST_ELDERLY']);
    expect(of([person('a', 'HEAD', bornAged(70)), person('c', 'CHILD', bornAged(40))]).specialGroups).toEqual([]);
  });

  it('a person of 85 living alone is empty-nest and lone very old; at 79 only empty-nest', () => {
    expect(single(85, 3000).specialGroups.map((g) => g.code)).toEqual(['EMPTY_NEST_ELDERLY', 'LONE_VERY_OLD']);
    expect(single(79, 3000).specialGroups.map((g) => g.code)).toEqual(['EMPTY_NEST_ELDERLY']);
  });

  it('left-behind child: a grandchild under 16 at home with a grandparent and no member aged 18-59', () => {
    const grandma = () => person('g', 'HEAD', bornAged(66), { 'hrss_benefit.pension_monthly': 3000 });
    const a = of([grandma(), person('c', 'GRANDCHILD', bornAged(10))]);
    expect(a.specialGroups.map((g) => g.code)).toEqual(['LEFT_BEHIND_CHILD']);
    // ... and not (any longer) an unsupported child: the parents are not listed, they may work away.
    expect(a.targetGroups).not.toContain('ORPHANS_AND_UNSUPPORTED_CHILDREN');
    expect(of([grandma(), person('c', 'GRANDCHILD', bornAged(10)), person('m', 'CHILD', bornAged(35), { 'hrss_employment.wage_monthly': 3000 })]).specialGroups).toEqual([]);
  });

  it('severe mental illness and serious illness with the attributes their rules read', () => {
    const a = single(50, 3000, { 'dpf_disability.disability_kind': 'MENTAL', 'mi_medical.serious_illness': true });
    expect(a.specialGroups.map((g) => [g.code, g.attributes, g.persons])).toEqual([
      ['SERIOUSLY_ILL', ['mi_medical.serious_illness'], ['p']],
      ['SEVERE_MENTAL_ILLNESS', ['dpf_disability.disability_kind'], ['p']],
    ]);
  });
});

describe('事实无人抚养儿童 (ORPHANS_AND_UNSUPPORTED_CHILDREN), narrowed', () => {
  const groups = (members: AssessedPerson[]) => of(members).targetGroups.filter((g) => g === 'ORPHANS_AND_UNSUPPORTED_CHILDREN');
  const child = () => person('c', 'CHILD', bornAged(10));
  it('a child whose listed parents are all unable: one deceased, the other imprisoned', () => {
    expect(groups([person('f', 'HEAD', bornAged(40), { 'ps_hukou.vital_status': 'DECEASED' }), person('m', 'SPOUSE', bornAged(38), { 'court.imprisoned': true }), child()])).toEqual(['ORPHANS_AND_UNSUPPORTED_CHILDREN']);
  });
  it('not when one listed parent is able, even without income', () => {
    expect(groups([person('f', 'HEAD', bornAged(40), { 'ps_hukou.vital_status': 'DECEASED' }), person('m', 'SPOUSE', bornAged(38)), child()])).toEqual([]);
  });
  it('a seriously ill single parent (the only one listed) and a household of minors only', () => {
    expect(groups([person('m', 'HEAD', bornAged(38), { 'mi_medical.serious_illness': true }), child()])).toEqual(['ORPHANS_AND_UNSUPPORTED_CHILDREN']);
    expect(groups([person('c', 'HEAD', bornAged(16)), person('s', 'SIBLING', bornAged(12))])).toEqual(['ORPHANS_AND_UNSUPPORTED_CHILDREN']);
  });
});

describe('urgency (四色)', () => {
  it('red: only minors in the household', () => {
    expect(of([person('c', 'HEAD', bornAged(16)), person('s', 'SIBLING', bornAged(12))]).urgency?.colour).toBe('RED');
  });
  it('red: seriously ill and 500 < 900 (minimum living); yellow at 1000 (>= 900, < 1350)', () => {
    const red = single(75, 500, { 'mi_medical.serious_illness': true }).urgency!;
    expect([red.colour, red.rule.en, red.attributes]).toEqual(['RED', 'A seriously ill member and per-capita income below the minimum living standard', ['mi_medical.serious_illness', 'hrss_benefit.pension_monthly']]);
    expect(single(75, 1000, { 'mi_medical.serious_illness': true }).urgency?.colour).toBe('YELLOW');
  });
  it('blue: eligible for 特困 instead of 低保 (500 < 900, 75, no supporter); green: 2000 < 2 x 1350; none at 5000', () => {
    expect([single(75, 500).urgency?.colour, single(75, 500).urgency?.rule.zh]).toEqual(['BLUE', '符合特困人员救助供养条件(不再享受低保)']);
    expect(single(75, 2000).urgency?.colour).toBe('GREEN');
    expect(single(75, 5000).urgency).toBeNull();
  });
  it('no colour for a vetoed household (a luxury car), whatever else holds', () => {
    expect(single(75, 500, { 'mi_medical.serious_illness': true, 'ps_vehicle.luxury_vehicle': true }).urgency).toBeNull();
  });
});
