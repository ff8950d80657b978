import { describe, expect, it } from 'vitest';
import { checkIdNumber, composeIdNumber, maskIdNumber, maskIdNumbersIn } from '../../src/identity/index.js';

// 11010519491231002X is the worked example of GB 11643-1999.
const STANDARD_EXAMPLE = '11010519491231002X';

describe('resident ID number (GB 11643)', () => {
  it('accepts the standard example and reads region, birth date and sex', () => {
    const r = checkIdNumber(STANDARD_EXAMPLE);
    expect(r).toEqual({ ok: true, value: { idNumber: STANDARD_EXAMPLE, regionCode: '110105', birthDate: '1949-12-31', sex: 'FEMALE' } });
  });

  it('accepts a lower-case x and normalises it', () => {
    const r = checkIdNumber(STANDARD_EXAMPLE.toLowerCase());
    expect(r.ok && r.value.idNumber).toBe(STANDARD_EXAMPLE);
  });

  it('refuses a wrong check digit', () => {
    const r = checkIdNumber('110105194912310021');
    expect(r).toMatchObject({ ok: false, problem: 'WRONG_CHECK_DIGIT' });
  });

  it('refuses an impossible birth date even with a matching check digit', () => {
    expect(checkIdNumber(composeIdNumber('370102', '1990-02-30', 12))).toMatchObject({ ok: false, problem: 'IMPOSSIBLE_BIRTH_DATE' });
    expect(checkIdNumber(composeIdNumber('370102', '1899-12-31', 12))).toMatchObject({ ok: false, problem: 'IMPOSSIBLE_BIRTH_DATE' });
  });

  it('refuses a birth date in the future', () => {
    const id = composeIdNumber('370102', '2030-01-01', 11);
    expect(checkIdNumber(id, new Date('2026-11-23'))).toMatchObject({ ok: false, problem: 'IMPOSSIBLE_BIRTH_DATE' });
  });

  it('refuses wrong lengths and characters', () => {
    expect(checkIdNumber('11010519491231002')).toMatchObject({ ok: false, problem: 'WRONG_LENGTH' });
    expect(checkIdNumber('11010519491231002X1')).toMatchObject({ ok: false, problem: 'WRONG_LENGTH' });
    expect(checkIdNumber('1101051949123100X2')).toMatchObject({ ok: false, problem: 'BAD_CHARACTER' });
  });

  it('composes numbers whose check character validates', () => {
    for (let seq = 0; seq < 50; seq++) {
      const id = composeIdNumber('620825', '1975-06-15', seq);
      expect(checkIdNumber(id).ok).toBe(true);
    }
  });

  it('masks all but the region code and the last four characters', () => {
    expect(maskIdNumber('370102198001011234')).toBe('370102********1234');
    expect(maskIdNumbersIn('member 370102198001011234 and 11010519491231002X lack consent')).toBe(
      'member 370102********1234 and 110105********002X lack consent',
    );
    expect(maskIdNumbersIn('id370102198001011234, key_11010519491231002X:')).toBe('id370102********1234, key_110105********002X:');
    expect(maskIdNumbersIn('order 12345678901234567890 stays whole')).toBe('order 12345678901234567890 stays whole');
  });
});
