import type { PolicyParameters } from '../regional-policy/index.js';
import type { Assessment, Programme } from './model.js';
import type { MemberWork, SupporterWork } from './work.js';

type Decision = Assessment['eligibility'][number];

/** What eligibility is decided on: the rounded figures, as reported. */
export interface EligibilityInput {
  present: readonly MemberWork[];
  supporters: readonly SupporterWork[];
  standards: PolicyParameters['standards']['urban'];
  perCapita: number;
  perCapitaBeforeDeductions: number;
  exceeded: Assessment['assets']['exceeded'];
  fired: Assessment['vetoes'];
}

export interface Eligibility {
  minimumLiving: Decision;
  extremePoverty: Decision;
  marginal: Decision;
  rigidHardship: Decision;
}

const money = (v: number): string => v.toFixed(2);

const LIMIT_LABELS: Record<keyof PolicyParameters['assetLimits'], string> = {
  depositsPerCapita: 'Deposits per person',
  vehicles: 'Vehicles',
  properties: 'Properties',
  businessCapital: 'Business capital',
};

/** One test of a programme: whether it holds and how to say so either way. */
type Test = [holds: boolean, yes: string, no: string];

function decide(programme: Programme, tests: readonly Test[]): Decision {
  const eligible = tests.every(([holds]) => holds);
  // An eligible household is told every reason; an ineligible one only what it failed.
  const reasons = eligible ? tests.map(([, yes]) => yes) : tests.filter(([holds]) => !holds).map(([, , no]) => no);
  return { programme, eligible, reasons };
}

function below(value: number, standard: number, what: string, label: string): Test {
  return [value < standard, `${label} ${money(value)} below the ${what} ${money(standard)}`, `${label} ${money(value)} not below the ${what} ${money(standard)}`];
}

/** Each programme's decision with its reasons. */
export function eligibilityOf(input: EligibilityInput): Eligibility {
  const { standards, perCapita: pc, perCapitaBeforeDeductions: pcb } = input;
  const n = input.present.length;
  const assetTests: Test[] =
    input.exceeded.length === 0
      ? [[true, 'Assets within the limits', '']]
      : input.exceeded.map((e) => [false, '', `${LIMIT_LABELS[e.limit]} ${e.figure.unit === 'count' ? e.figure.value : money(e.figure.value)} above the limit ${e.figure.unit === 'count' ? e.allowed : money(e.allowed)}`]);
  const vetoTests: Test[] = input.fired.length === 0 ? [[true, 'No veto clause applies', '']] : input.fired.map((v) => [false, '', `Veto ${v.code}: ${v.en}`]);
  const someone: Test = [n > 0, `${n} member(s) counted`, 'No living member outside prison to assess'];

  const minimumLiving = decide('MINIMUM_LIVING', [someone, below(pc, standards.minimumLiving, 'minimum living standard', 'Per-capita income'), ...assetTests, ...vetoTests]);
  const workers = input.present.filter((m) => m.coefficient.value > 0).length;
  const able = input.supporters.filter((s) => s.contribution.exemption === null).length;
  const extremePoverty = decide('EXTREME_POVERTY', [
    [minimumLiving.eligible, 'Meets the minimum living allowance conditions', 'Does not meet the minimum living allowance conditions'],
    [workers === 0, 'No member able to work', `${workers} member(s) able to work`],
    [able === 0, 'No supporter able to support', `${able} supporter(s) able to support`],
  ]);
  const marginal = decide('MARGINAL', [
    [!minimumLiving.eligible, 'Not eligible for the minimum living allowance', 'Eligible for the minimum living allowance instead'],
    someone,
    below(pc, standards.lowIncome, 'low-income standard', 'Per-capita income'),
    ...assetTests,
    ...vetoTests,
  ]);
  const rigidHardship = decide('RIGID_EXPENDITURE_HARDSHIP', [
    someone,
    [pcb >= standards.lowIncome, `Per-capita income before rigid expenditure ${money(pcb)} not below the low-income standard ${money(standards.lowIncome)}`, `Per-capita income before rigid expenditure ${money(pcb)} already below the low-income standard ${money(standards.lowIncome)}`],
    below(pc, standards.lowIncome, 'low-income standard', 'Per-capita income after rigid expenditure'),
    ...assetTests,
    ...vetoTests,
  ]);
  return { minimumLiving, extremePoverty, marginal, rigidHardship };
}
