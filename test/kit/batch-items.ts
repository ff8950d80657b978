import type { SandboxHousehold } from '../../connectors/sandbox/index.js';

/**
 * A sandbox household as a batch line: what it declares, under a review application reference;
 * income by kind and assets by kind where the sandbox gives them (generated households), else the
 * total and the four assets (fixtures).
 */
export function batchItem(h: SandboxHousehold) {
  return {
    applicationRef: `REVIEW-${h.id}`,
    household: {
      regionCode: h.regionCode,
      externalRef: h.id,
      members: h.members.map((m) => {
        const d = h.declaration.members.find((x) => x.idNumber === m.idNumber)!;
        const declared = d.declaredIncome ? { declaredIncome: d.declaredIncome } : { declaredMonthlyIncome: d.monthlyIncome };
        return { idNumber: m.idNumber, name: m.name, relation: m.relation as string, ...declared };
      }),
      declaredAssets: h.declaration.declaredAssets ?? h.declaration.assets,
    },
  };
}
