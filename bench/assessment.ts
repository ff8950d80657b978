import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { attributeValue, buildPopulation, holdsRecord, type SandboxPerson } from '../connectors/sandbox/index.js';
import { assess } from '../src/assessment/index.js';
import { catalog, type PersonRecord } from '../src/catalog/index.js';
import { policyParametersSchema, type ResolvedPolicy } from '../src/regional-policy/index.js';
import { assessReport, type ReportBody, type ReportMember } from '../src/reports/index.js';

/**
 * The assessment alone, in process: full 4-member sandbox households (every NEW_APPLICATION
 * attribute asked, every source answered) under Jinan Lixia's merged policy, `assess` and
 * `assessReport` (as a verification runs it) timed after a warm-up. The digest of every result
 * shows that a change to the assessment's speed left its output as it was.
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

const asked = cat.attributes.filter((a) => a.purposes.includes('NEW_APPLICATION'));
const askedSources = [...new Set(asked.map((a) => a.source))];
const banks = cat.sources.filter((s) => s.family === 'bank').map((s) => s.id);
const population = buildPopulation({ seed: SEED, households: 400, banks });

function member(p: SandboxPerson): ReportMember {
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
  return { personId: p.idNumber, idNumber: p.idNumber, name: p.name, relation: p.relation, birthDate: p.birthDate, sex: p.sex, declaredMonthlyIncome: null, records };
}

const sources: ReportBody['sources'] = askedSources.map((source) => ({ source, status: 'OK', latencyMs: 0, attributes: asked.filter((a) => a.source === source).map((a) => a.code), tickets: [], error: null, answeredAt: DATE }));
const bodies = population.households
  .filter((h) => h.members.length === 4 && !h.fixture)
  .slice(0, Number(args.households))
  .map((h) => ({ members: h.members.map(member), supporters: h.supporters.map(member), sources, purpose: 'NEW_APPLICATION' as const }));
const toPerson = (m: ReportMember) => ({ personId: m.personId, relation: m.relation, birthDate: m.birthDate, sex: m.sex, records: m.records });
const found = bodies.flatMap((b) => b.members).map((m) => Object.values(m.records).filter((r) => r.found).reduce((n, r) => n + (r.found ? Object.keys(r.values).length : 0), 0));
console.log(`${bodies.length} households, ${cat.sources.length} sources, ${asked.length} attributes asked, ${Math.round(found.reduce((s, n) => s + n, 0) / found.length)} values found per member on average`);

const runs = {
  assess: (i: number) => {
    const b = bodies[i % bodies.length]!;
    return assess({ policy, catalog: cat, assessedOn: DATE, members: b.members.map(toPerson), supporters: b.supporters.map(toPerson), purpose: b.purpose });
  },
  assessReport: (i: number) => assessReport(bodies[i % bodies.length]!, policy, cat),
};

for (const [name, run] of Object.entries(runs).filter(([name]) => args.only === undefined || name === args.only)) {
  const digest = createHash('sha256');
  for (let i = 0; i < bodies.length; i++) digest.update(JSON.stringify(run(i)));
  for (let i = 0; i < 200; i++) run(i);
  const started = performance.now();
  for (let i = 0; i < count; i++) run(i);
  const ms = (performance.now() - started) / count;
  console.log(`${name.padEnd(13)} ${ms.toFixed(3)} ms per assessment (${count} runs), results sha256 ${digest.digest('hex').slice(0, 16)}`);
}
