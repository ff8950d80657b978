import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { attributeValue, buildPopulation, holdsRecord, type SandboxHousehold, type SandboxPerson } from '../connectors/sandbox/index.js';
import { assess, eachFigure, markProvisional, meansTestAttributes } from '../src/assessment/index.js';
import { catalog, type PersonRecord } from '../src/catalog/index.js';
import { discrepancyTolerances, policyParametersSchema, type ResolvedPolicy } from '../src/regional-policy/index.js';
import { assessReport, findDiscrepancies, missingSources, type ReportBody, type ReportMember } from '../src/reports/index.js';

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
const SEED = 20260701;
const DATE = '2026-06-30';

// The region's versions in force on DATE, parents first, as resolvePolicy merges them (without the database).
const versions = ['370000_2026-01-01', '370100_2026-01-01', '370102_2026-03-01'];
const merged = Object.assign({}, ...versions.map((v) => (JSON.parse(readFileSync(new URL(`../src/regional-policy/data/${v}.json`, import.meta.url), 'utf8')) as { parameters: object }).parameters));
const policy: ResolvedPolicy = {
  regionCode: '370102',
  date: DATE,
  versions: versions.map((v) => ({ id: v, regionCode: v.slice(0, 6), effectiveFrom: v.slice(7) })),
  parameters: policyParametersSchema.parse(merged),
};
const tolerances = discrepancyTolerances(policy.parameters);

const asked = cat.attributes.filter((a) => a.purposes.includes('NEW_APPLICATION'));
const askedSources = [...new Set(asked.map((a) => a.source))];
const banks = cat.sources.filter((s) => s.family === 'bank').map((s) => s.id);
const population = buildPopulation({ seed: SEED, households: 600, banks });

function member(p: SandboxPerson, h: SandboxHousehold | null, byKind: boolean): ReportMember {
  const records: Record<string, PersonRecord> = {};
  for (const id of askedSources) {
    const source = cat.source(id)!;
    if (!holdsRecord(source, p, SEED)) {
      records[id] = { found: false };
      continue;
    }
    const values = Object.fromEntries(asked.filter((a) => a.source === id).map((a) => [a.code, attributeValue(a, source, p, SEED)]));
    records[id] = { found: true, asOf: '2026-06-29', values };
  }
  const d = h?.declaration.members.find((x) => x.idNumber === p.idNumber);
  const m: ReportMember = { personId: p.idNumber, idNumber: p.idNumber, name: p.name, relation: p.relation, birthDate: p.birthDate, sex: p.sex, declaredMonthlyIncome: d?.monthlyIncome ?? null, records };
  if (byKind && d?.declaredIncome) m.declaredIncome = d.declaredIncome;
  return m;
}

const askedCodes = new Set(asked.map((a) => a.code));
const sources: ReportBody['sources'] = askedSources.map((source) => ({ source, status: 'OK', latencyMs: 0, attributes: asked.filter((a) => a.source === source).map((a) => a.code), tickets: [], error: null, answeredAt: DATE }));
const bodies = population.households
  .filter((h) => h.members.length === 4 && !h.fixture && h.applicant)
  .slice(0, Number(args.households))
  .map((h, i) => {
    const byKind = i % 2 === 0 && h.declaration.declaredAssets !== undefined;
    return {
      members: h.members.map((p) => member(p, h, byKind)),
      supporters: h.supporters.map((p) => member(p, null, false)),
      household: { regionCode: h.regionCode, declaredAssets: byKind ? h.declaration.declaredAssets! : h.declaration.assets },
      sources,
      purpose: 'NEW_APPLICATION' as const,
    };
  });
const found = bodies.flatMap((b) => b.members).map((m) => Object.values(m.records).reduce((n, r) => n + (r.found ? Object.keys(r.values).length : 0), 0));
let figures = 0;
for (const b of bodies) eachFigure(assessReport(b, policy, cat), () => (figures += 1));
console.log(
  `${bodies.length} households (${bodies.filter((b) => b.members.some((m) => m.declaredIncome)).length} declared by kind, ${bodies.filter((b) => 'depositsByBank' in b.household.declaredAssets && b.household.declaredAssets.depositsByBank).length} deposits by bank), ` +
    `${cat.sources.length} sources, ${asked.length} attributes asked, ${Math.round(found.reduce((s, n) => s + n, 0) / found.length)} values found per member, ${Math.round(figures / bodies.length)} figures per assessment`,
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

const ms: Record<string, number> = {};
for (const [name, run] of Object.entries(runs).filter(([name]) => args.only === undefined || name === args.only)) {
  const digest = createHash('sha256');
  for (let i = 0; i < bodies.length; i++) digest.update(JSON.stringify(run(i)));
  for (let i = 0; i < 200; i++) run(i);
  const started = performance.now();
  for (let i = 0; i < count; i++) run(i);
  ms[name] = (performance.now() - started) / count;
  console.log(`${name.padEnd(17)} ${ms[name].toFixed(3)} ms per call (${count} runs), results sha256 ${digest.digest('hex').slice(0, 16)}`);
}
if (ms.assessReport !== undefined && ms.assessMarked !== undefined) console.log(`${'explainAssessment'.padEnd(17)} ${(ms.assessReport - ms.assessMarked).toFixed(3)} ms per call (assessReport - assessMarked)`);
