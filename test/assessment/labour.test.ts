import { describe, expect, it } from 'vitest';
import { assess } from '../../src/assessment/index.js';
import { policyParametersSchema } from '../../src/regional-policy/index.js';
import { bornAged, input, parameters, person } from './fixture-policy.js';

const memberOf = (values: Record<string, string | number | boolean>, birthDate = bornAged(30)) => assess(input([person('p1', 'HEAD', birthDate, values)])).members[0]!;

describe('labour capacity', () => {
  it('uses a fixture policy the schema accepts', () => {
    expect(policyParametersSchema.safeParse(parameters).success).toBe(true);
  });

  it('computes the age on the assessment date, not on the birthday of the year', () => {
    expect(memberOf({}, '1980-06-30').age).toBe(46);
    expect(memberOf({}, '1980-07-01').age).toBe(45);
  });

  it('takes the first matching health category: serious illness before disability before student before chronic illness', () => {
    const all = { 'mi_medical.serious_illness': true, 'dpf_disability.disability_grade': 'GRADE_1', 'edu_student.enrolled': true, 'mi_medical.chronic_disease': true };
    expect(memberOf(all).healthCategory).toBe('SERIOUS_ILLNESS');
    expect(memberOf({ ...all, 'mi_medical.serious_illness': false }).healthCategory).toBe('SEVERE_DISABILITY');
    expect(memberOf({ ...all, 'mi_medical.serious_illness': false, 'dpf_disability.disability_grade': 'GRADE_4' }).healthCategory).toBe('MILD_DISABILITY');
    expect(memberOf({ ...all, 'mi_medical.serious_illness': false, 'dpf_disability.disability_grade': 'NONE' }).healthCategory).toBe('STUDENT');
    expect(memberOf({ 'mi_medical.chronic_disease': true, 'edu_student.enrolled': false }).healthCategory).toBe('CHRONIC_ILLNESS');
    expect(memberOf({}).healthCategory).toBe('HEALTHY');
  });

  it('reads the coefficient from the table: health row, first age band whose upper bound reaches the age', () => {
    expect(memberOf({}, bornAged(44)).labourCoefficient).toEqual({ value: 1, unit: 'coefficient', rule: 'labour.coefficient.table', attributes: [], persons: ['p1'] });
    expect(memberOf({}, bornAged(45)).labourCoefficient.value).toBe(0.8);
    expect(memberOf({}, bornAged(60)).labourCoefficient.value).toBe(0.4);
    expect(memberOf({}, bornAged(70)).labourCoefficient.value).toBe(0);
    expect(memberOf({}, bornAged(15)).labourCoefficient.value).toBe(0);
    expect(memberOf({ 'mi_medical.chronic_disease': true }, bornAged(50)).labourCoefficient).toMatchObject({ value: 0.5, attributes: ['mi_medical.chronic_disease'] });
    expect(memberOf({ 'edu_student.enrolled': true }, bornAged(20)).labourCoefficient.value).toBe(0.2);
    expect(memberOf({ 'dpf_disability.disability_grade': 'GRADE_2' }, bornAged(30)).labourCoefficient).toMatchObject({ value: 0, attributes: ['dpf_disability.disability_grade'] });
    expect(memberOf({ 'mi_medical.serious_illness': true }, bornAged(30)).labourCoefficient).toMatchObject({ value: 0, attributes: ['mi_medical.serious_illness'] });
  });

  it('gives a deceased or imprisoned member coefficient 0 under the not-counted rule', () => {
    expect(memberOf({ 'ps_hukou.vital_status': 'DECEASED' }).labourCoefficient).toEqual({ value: 0, unit: 'coefficient', rule: 'labour.coefficient.not-counted', attributes: ['ps_hukou.vital_status'], persons: ['p1'] });
    expect(memberOf({ 'court.imprisoned': true }).labourCoefficient).toMatchObject({ value: 0, rule: 'labour.coefficient.not-counted', attributes: ['court.imprisoned'] });
    expect(memberOf({ 'ps_hukou.vital_status': 'ALIVE', 'court.imprisoned': false }).labourCoefficient).toMatchObject({ value: 1, rule: 'labour.coefficient.table' });
  });
});
