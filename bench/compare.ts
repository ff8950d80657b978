import { parseArgs } from 'node:util';
import type { SandboxHousehold, SandboxPerson } from '../connectors/sandbox/index.js';
import { assess, eachFigure, markProvisional, meansTestAttributes } from '../src/assessment/index.js';
import { catalog } from '../src/catalog/index.js';
import { discrepancyTolerances } from '../src/regional-policy/index.js';
import { assessReport, findDiscrepancies, missingSources, type ReportMember } from '../src/reports/index.js';
import { answeredSources, asked, lixiaPolicy, population, sandboxMember, timeRuns, valuesPerMember } from './sandbox-reports.js';

/**
 * The comparison with the declaration and the assessment's sentences alone, in process: 4-member
 * sandbox applicant households (every NEW_APPLICATION attribute asked, every source answered),
 * declared by kind (deposits bank by bank where the sandbox lists them so) or, every other
 * household, as clients from before the kinds (a total income and four assets), under Jinan
 * Lixia's merged policy, timed after a warm-up:
 *
 * - `findDiscrepancies` as a verification runs it;
 * - `assessReport` (assess, provisional marks, then `explainAssessment`'s sentences), and
 *   `assessMarked`, the same without the sentences (`explainAssessment` is the reports folder's
 *   own: the difference is its time).
 *
 * The digest of every result shows that a change to their speed left their output as it was.
 *
 *   npx tsx bench/compare.ts [--count 500] [--households 20] [--only findDiscrepancies|assessReport|assessMarked]
 */
const { values: args } = parseArgs({ options: { count: { type: 'string', default: '500' }, households: { type: 'string', default: '20' }, only: { type: 'string' } } });
const count = Number(args.count);
const cat = catalog();
const policy = lixiaPolicy();
const tolerances = discrepancyTolerances(policy.parameters);
const askedCodes = new Set(asked.map((a) => a.code));

function member(p: SandboxPerson, h: SandboxHousehold | null, byKind: boolean): ReportMember {
  const d = h?.declaration.members.find((x) => x.idNumber === p.idNumber);
  return sandboxMember(p, { declaredMonthlyIncome: d?.monthlyIncome ?? null, ...(byKind && d?.declaredIncome ? { declaredIncome: d.declaredIncome } : {}) });
}

const bodies = population(600)
  .filter((h) => h.members.length === 4 && !h.fixture && h.applicant)
  .slice(0, Number(args.households))
  .map((h, i) => {
    const byKind = i % 2 === 0 && h.declaration.declaredAssets !== undefined;
    return {
      members: h.members.map((p) => member(p, h, byKind)),
      supporters: h.supporters.map((p) => member(p, null, false)),
      household: { regionCode: h.regionCode, declaredAssets: byKind ? h.declaration.declaredAssets! : h.declaration.assets },
      sources: answeredSources,
      purpose: 'NEW_APPLICATION' as const,
    };
  });
let figures = 0;
for (const b of bodies) eachFigure(assessReport(b, policy, cat), () => (figures += 1));
console.log(
  `${bodies.length} households (${bodies.filter((b) => b.members.some((m) => m.declaredIncome)).length} declared by kind, ${bodies.filter((b) => 'depositsByBank' in b.household.declaredAssets && b.household.declaredAssets.depositsByBank).length} deposits by bank), ` +
    `${cat.sources.length} sources, ${asked.length} attributes asked, ${valuesPerMember(bodies.flatMap((b) => b.members))} values found per member, ${Math.round(figures / bodies.length)} figures per assessment`,
);

const runs = {
  findDiscrepancies: (i: number) => {
    const b = bodies[i % bodies.length]!;
    return findDiscrepancies(cat, { members: b.members, household: b.household, tolerances });
  },
  assessReport: (i: number) => assessReport(bodies[i % bodies.length]!, policy, cat),
  // assessReport up to its sentences (src/reports/assemble.ts), through the folders' indexes.
  assessMarked: (i: number) => {
    const b = bodies[i % bodies.length]!;
    const person = (m: ReportMember) => ({ personId: m.personId, relation: m.relation, birthDate: m.birthDate, sex: m.sex, records: m.records });
    const assessment = assess({ policy, catalog: cat, assessedOn: policy.date, members: b.members.map(person), supporters: b.supporters.map(person), purpose: b.purpose });
    const unasked = new Set(meansTestAttributes(cat).filter((code) => !askedCodes.has(code)).map((code) => cat.attribute(code)!.source));
    return markProvisional(assessment, [...missingSources(b), ...[...unasked].map((source) => ({ source, status: 'NOT_ASKED' as const }))], cat);
  },
};

const ms = timeRuns(runs, { count, digestOver: bodies.length, only: args.only, unit: 'call' });
if (ms.assessReport !== undefined && ms.assessMarked !== undefined) console.log(`${'explainAssessment'.padEnd(17)} ${(ms.assessReport - ms.assessMarked).toFixed(3)} ms per call (assessReport - assessMarked)`);
