import { parseArgs } from 'node:util';
import { assess } from '../src/assessment/index.js';
import { catalog } from '../src/catalog/index.js';
import { assessReport, type ReportMember } from '../src/reports/index.js';
import { answeredSources, asked, lixiaPolicy, population, sandboxMember, timeRuns, valuesPerMember } from './sandbox-reports.js';

/**
 * The assessment alone, in process: full 4-member sandbox households (every NEW_APPLICATION
 * attribute asked, every source answered) under Jinan Lixia's merged policy, `assess` and
 * `assessReport` (as a verification runs it) timed after a warm-up. The digest of every result
 * shows that a change to the assessment's speed left its output as it was.
 */
const { values: args } = parseArgs({ options: { count: { type: 'string', default: '500' }, households: { type: 'string', default: '20' }, only: { type: 'string' } } });
const count = Number(args.count);
const cat = catalog();
const policy = lixiaPolicy();

const bodies = population(400)
  .filter((h) => h.members.length === 4 && !h.fixture)
  .slice(0, Number(args.households))
  .map((h) => ({ members: h.members.map((p) => sandboxMember(p)), supporters: h.supporters.map((p) => sandboxMember(p)), sources: answeredSources, purpose: 'NEW_APPLICATION' as const }));
const toPerson = (m: ReportMember) => ({ personId: m.personId, relation: m.relation, birthDate: m.birthDate, sex: m.sex, records: m.records });
console.log(`${bodies.length} households, ${cat.sources.length} sources, ${asked.length} attributes asked, ${valuesPerMember(bodies.flatMap((b) => b.members))} values found per member on average`);

const runs = {
  assess: (i: number) => {
    const b = bodies[i % bodies.length]!;
    return assess({ policy, catalog: cat, assessedOn: policy.date, members: b.members.map(toPerson), supporters: b.supporters.map(toPerson), purpose: b.purpose });
  },
  assessReport: (i: number) => assessReport(bodies[i % bodies.length]!, policy, cat),
};

timeRuns(runs, { count, digestOver: bodies.length, only: args.only, unit: 'assessment' });
