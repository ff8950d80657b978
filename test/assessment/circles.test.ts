import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../../src/catalog/index.js';
import { assess } from '../../src/assessment/index.js';
import { bornAged, input, person } from './fixture-policy.js';

// One person aged 75 (coefficient 0): per-capita income is the pension.
const single = (pension: number, values: Record<string, AttributeValue> = {}) => assess(input([person('p', 'HEAD', bornAged(75), { 'hrss_benefit.pension_monthly': pension, ...values })]));

describe('information circles', () => {
  it('places households by eligibility and by per-capita income against 1x, 1.5x and 2x the low-income standard', () => {
    const cases: [number, 1 | 2 | 3 | 4 | null][] = [
      [0, 1],
      [899.99, 1],
      [900, 2],
      [1349.99, 2],
      [1350, 3],
      [2024.99, 3],
      [2025, 4],
      [2699.99, 4],
      [2700, null],
      [9000, null],
    ];
    for (const [pension, circle] of cases) expect(single(pension).circle, String(pension)).toBe(circle);
  });

  it('puts current dibao or tekun recipients in circle 1 and registered low-income households in circle 2, whatever their income', () => {
    expect(single(5000, { 'ca_assistance.dibao_recipient': true }).circle).toBe(1);
    expect(single(5000, { 'ca_assistance.tekun_recipient': true }).circle).toBe(1);
    expect(single(5000, { 'ca_assistance.low_income_recipient': true }).circle).toBe(2);
    expect(single(5000, { 'ca_assistance.dibao_recipient': false }).circle).toBe(null);
  });

  it('leaves a poor household failing the asset test outside the circles', () => {
    expect(single(500, { 'ps_vehicle.vehicle_count': 1 }).circle).toBe(null);
  });
});

describe('need tags', () => {
  it('tags illness, education, severe disability and accident', () => {
    expect(single(500, { 'mi_medical.serious_illness': true }).needTags).toEqual(['ILLNESS']);
    expect(single(500, { 'mi_medical.chronic_disease': true, 'mi_medical.out_of_pocket_12m': 2400 }).needTags).toEqual(['ILLNESS']);
    expect(single(500, { 'edu_student.tuition_year': 3000 }).needTags).toEqual(['EDUCATION']);
    expect(single(500, { 'edu_student.enrolled': true }).needTags).toEqual(['EDUCATION']);
    expect(single(500, { 'dpf_disability.disability_grade': 'GRADE_2' }).needTags).toEqual(['SEVERE_DISABILITY']);
    expect(single(500, { 'ins_association.claims_paid_12m': 5000 }).needTags).toEqual(['ACCIDENT']);
    expect(single(500, { 'hrss_benefit.injury_allowance_monthly': 800 }).needTags).toEqual(['ACCIDENT']);
  });

  it('does not tag illness for medical bills without a registered illness, or a chronic illness without bills', () => {
    expect(single(500, { 'mi_medical.out_of_pocket_12m': 2400 }).needTags).toEqual([]);
    expect(single(500, { 'mi_medical.chronic_disease': true }).needTags).toEqual([]);
    expect(single(500, { 'dpf_disability.disability_grade': 'GRADE_3' }).needTags).toEqual([]);
  });

  it('tags several needs in a fixed order, and none outside the circles', () => {
    expect(single(1500, { 'ins_association.claims_paid_12m': 5000, 'mi_medical.serious_illness': true, 'edu_student.enrolled': true }).needTags).toEqual(['ILLNESS', 'EDUCATION', 'ACCIDENT']);
    expect(single(2700, { 'mi_medical.serious_illness': true }).needTags).toEqual([]);
  });
});
