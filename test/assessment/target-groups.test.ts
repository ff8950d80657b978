import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess, type AssessedPerson } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

const single = (pension: number, values: Record<string, AttributeValue> = {}) => assess(input([person('p', 'HEAD', bornAged(75), { 'hrss_benefit.pension_monthly': pension, ...values })]));
const groups = (members: AssessedPerson[], supporters: AssessedPerson[] = []) => assess(input(members, supporters)).targetGroups;

describe('target groups', () => {
  it('puts a poor household with no capacity and no supporter in the extreme-poverty group only (特困 excludes 低保, 第十四条)', () => {
    expect(single(500).targetGroups).toEqual(['EXTREME_POVERTY']);
  });

  it('keeps current recipients in their groups whatever their income', () => {
    expect(single(5000, { 'ca_assistance.dibao_recipient': true }).targetGroups).toEqual(['MINIMUM_LIVING_RECIPIENTS']);
    expect(single(5000, { 'ca_assistance.tekun_recipient': true }).targetGroups).toEqual(['EXTREME_POVERTY']);
    expect(single(5000, { 'ca_assistance.low_income_recipient': true }).targetGroups).toEqual(['MARGINAL_HOUSEHOLDS']);
    expect(single(5000, { 'rr_monitoring.monitored': true }).targetGroups).toEqual(['RELAPSE_MONITORED']);
  });

  it('counts any disability grade other than NONE', () => {
    expect(single(5000, { 'dpf_disability.disability_grade': 'GRADE_4' }).targetGroups).toEqual(['PERSONS_WITH_DISABILITIES']);
    expect(single(5000, { 'dpf_disability.disability_grade': 'NONE' }).targetGroups).toEqual([]);
  });

  it('puts marginal and rigid-expenditure households in their groups', () => {
    expect(single(1000).targetGroups).toEqual(['MARGINAL_HOUSEHOLDS']);
    expect(single(1500, { 'mi_medical.out_of_pocket_12m': 3600 }).targetGroups).toEqual(['MARGINAL_HOUSEHOLDS', 'RIGID_EXPENDITURE_HARDSHIP']);
  });

  it('no longer flags a minor only because no working-age adult is at home (left-behind, not unsupported); screening.test.ts has the narrowed rule', () => {
    const child = () => person('c', 'GRANDCHILD', bornAged(10), { 'hrss_benefit.survivor_pension_monthly': 3000 });
    const grandma = () => person('g', 'HEAD', bornAged(66), { 'hrss_benefit.pension_monthly': 3000 });
    expect(groups([grandma(), child()])).toEqual([]);
    // The child's listed parent (relation CHILD of the head) is seriously ill: unsupported.
    expect(groups([grandma(), child(), person('m', 'CHILD', bornAged(35), { 'mi_medical.serious_illness': true, 'hrss_benefit.pension_monthly': 3000 })])).toEqual(['ORPHANS_AND_UNSUPPORTED_CHILDREN']);
  });

  it('counts an orphan allowance as an orphan, whoever else is in the household', () => {
    expect(groups([person('a', 'HEAD', bornAged(40), { 'hrss_employment.wage_monthly': 9000 }), person('c', 'CHILD', bornAged(12), { 'ca_assistance.orphan_allowance_monthly': 1200 })])).toEqual(['ORPHANS_AND_UNSUPPORTED_CHILDREN']);
  });
});
