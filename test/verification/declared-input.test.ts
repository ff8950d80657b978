import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import { validateVerification, type VerificationInput } from '../../src/verification/input.js';

const cat = catalog();
const TODAY = new Date('2026-11-27T00:00:00Z');

function input(member: Record<string, unknown>, declaredAssets: Record<string, unknown> | null = null): VerificationInput {
  return {
    purpose: 'NEW_APPLICATION',
    applicationRef: 'APP-1',
    household: { regionCode: '370102', externalRef: 'H1', members: [{ idNumber: '370102196611250017', name: '余晨', relation: 'HEAD', ...member }], declaredAssets },
  } as VerificationInput;
}

const refusal = (i: VerificationInput) => {
  try {
    validateVerification(i, cat, TODAY);
  } catch (e) {
    const ext = (e as { extensions?: { code?: string; field?: string } }).extensions;
    return { code: ext?.code, field: ext?.field, message: (e as Error).message };
  }
  return null;
};

describe('declared income by kind and assets by kind', () => {
  it('income by kind: the total is their sum; a kind left out is none', () => {
    const v = validateVerification(input({ declaredIncome: { wage: 3000, pension: 1200.5 } }), cat, TODAY);
    expect(v.members[0]).toMatchObject({ declaredMonthlyIncome: 4200.5, declaredIncome: { wage: 3000, business: null, pension: 1200.5, property: null, transfer: null, other: null } });
    const total = validateVerification(input({ declaredMonthlyIncome: 2500 }), cat, TODAY);
    expect(total.members[0]).toMatchObject({ declaredMonthlyIncome: 2500, declaredIncome: null });
  });

  it('every new field is checked and named: negative, not finite, a total that is not the sum', () => {
    expect(refusal(input({ declaredIncome: { wage: -1 } }))?.message).toMatch(/^input\.household\.members\[0\]\.declaredIncome\.wage: must not be negative/);
    expect(refusal(input({ declaredIncome: { other: Number.NaN } }))?.message).toMatch(/^input\.household\.members\[0\]\.declaredIncome\.other: must be a number/);
    expect(refusal(input({ declaredMonthlyIncome: 5000, declaredIncome: { wage: 3000 } }))?.message).toMatch(/^input\.household\.members\[0\]\.declaredMonthlyIncome: must be the sum of declaredIncome \(3000\.00\)/);
    for (const field of ['wealthProducts', 'funds', 'securities', 'housingFund', 'insuranceCashValue', 'businessCapital', 'land']) {
      const r = refusal(input({}, { [field]: -5 }));
      expect(r, field).toMatchObject({ code: 'BAD_USER_INPUT', field: `input.household.declaredAssets.${field}` });
      expect(r?.message).toMatch(new RegExp(`^input\\.household\\.declaredAssets\\.${field}: must not be negative`));
    }
    expect(refusal(input({}, { funds: Number.POSITIVE_INFINITY }))?.message).toMatch(/declaredAssets\.funds: must be a number/);
    expect(refusal(input({}, { vehicles: 1.5 }))?.message).toMatch(/declaredAssets\.vehicles: must be a whole number/);
  });

  it('deposits bank by bank: catalogue banks, each once, amounts checked, the total at least their sum', () => {
    const v = validateVerification(input({}, { depositsByBank: [{ bank: 'bank_icbc', amount: 12000 }, { bank: 'bank_ccb', amount: 3000 }] }), cat, TODAY);
    expect(v.declaredAssets).toMatchObject({ deposits: 15000, depositsByBank: [{ bank: 'bank_icbc', amount: 12000 }, { bank: 'bank_ccb', amount: 3000 }], wealthProducts: null });
    expect(refusal(input({}, { depositsByBank: [{ bank: 'tax', amount: 1 }] }))?.message).toMatch(/^input\.household\.declaredAssets\.depositsByBank\[0\]\.bank: no bank "tax"/);
    expect(refusal(input({}, { depositsByBank: [{ bank: 'bank_icbc', amount: 1 }, { bank: 'bank_icbc', amount: 2 }] }))?.message).toMatch(/depositsByBank\[1\]\.bank: bank_icbc is listed twice/);
    expect(refusal(input({}, { depositsByBank: [{ bank: 'bank_icbc', amount: -1 }] }))?.message).toMatch(/depositsByBank\[0\]\.amount: must not be negative/);
    expect(refusal(input({}, { deposits: 1000, depositsByBank: [{ bank: 'bank_icbc', amount: 5000 }] }))?.message).toMatch(/declaredAssets\.deposits: must not be below the sum of depositsByBank/);
  });
});
