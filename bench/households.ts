/** A sandbox household as the sandbox lists it, with what it declares. */
export interface SampleHousehold {
  id: string;
  regionCode: string;
  fixture: boolean;
  members: { idNumber: string; name: string; relation: string; birthDate: string }[];
  declaration: { members: { idNumber: string; monthlyIncome: number }[]; assets: Record<string, number> };
}

/**
 * The 4-member households of the province's sample whose members are all registered where the
 * household applies: the residence check refuses the others (RESIDENCE_MISMATCH) before anything is
 * fetched, which is not the path the benchmarks measure.
 */
export async function registeredHouseholds(sandboxUrl: string, atLeast: number): Promise<SampleHousehold[]> {
  const listed = (await (await fetch(`${sandboxUrl}/sandbox/households?region=370000&limit=1000`)).json()) as { households: SampleHousehold[] };
  const registeredHere = async (h: SampleHousehold) => {
    const truth = (await (await fetch(`${sandboxUrl}/sandbox/truth/${encodeURIComponent(h.id)}`)).json()) as { members: { status: { hukouRegion: string } }[] };
    return truth.members.every((m) => m.status.hukouRegion === h.regionCode);
  };
  const fourMembers = listed.households.filter((h) => h.members.length === 4 && !h.fixture);
  const households = (await Promise.all(fourMembers.map(async (h) => ((await registeredHere(h)) ? [h] : [])))).flat();
  if (households.length < atLeast) throw new Error(`too few 4-member households registered where they apply in the sample (${households.length}, need ${atLeast})`);
  return households;
}

/** The NEW_APPLICATION verification input of a household, as it declares itself. */
export function verificationInput(h: SampleHousehold, applicationRef: string, extra: Record<string, unknown> = {}) {
  return {
    household: {
      regionCode: h.regionCode,
      externalRef: h.id,
      members: h.members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation, declaredMonthlyIncome: h.declaration.members.find((d) => d.idNumber === m.idNumber)?.monthlyIncome ?? 0 })),
      declaredAssets: h.declaration.assets,
    },
    purpose: 'NEW_APPLICATION',
    applicationRef,
    ...extra,
  };
}
