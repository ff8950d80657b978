import type { SandboxHousehold } from '../../connectors/sandbox/index.js';

/** A sandbox household as a batch line: what it declares, under a review application reference. */
export function batchItem(h: SandboxHousehold) {
  return {
    applicationRef: `REVIEW-${h.id}`,
    household: {
      regionCode: h.regionCode,
      externalRef: h.id,
      members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation as string, declaredMonthlyIncome: h.declaration.members.find((d) => d.idNumber === m.idNumber)!.monthlyIncome })),
      declaredAssets: h.declaration.assets,
    },
  };
}
