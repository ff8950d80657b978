import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { attributeValue, buildPopulation, holdsRecord, type SandboxHousehold } from '../connectors/sandbox/index.js';
import { catalog, type AttributeValue, type PersonRecord } from '../src/catalog/index.js';
import { comparisonAttributes, findDiscrepancies, type Discrepancy, type ReportMember } from '../src/reports/index.js';

/**
 * eval:detection: how many of the items the sandbox's applicants hide the comparison with the
 * declaration finds, and how many honest applicants it flags. The pure path: each member's records
 * are what the sandbox's agencies would answer (`holdsRecord` / `attributeValue`, every comparison
 * attribute NEW_APPLICATION allows), compared with the household's declaration by
 * `findDiscrepancies` under the default tolerances (the 2026 seed's); no hub, database or network.
 *
 *   npm run eval:detection [-- --households 1000 --seed 20260701 --shape by-kind|total]
 *
 * A hidden item is detected when a discrepancy of a matching kind exists (for the member who holds
 * it, where the kind is a member's); an honest applicant is a false positive if any discrepancy is
 * raised. Exits 1 below the targets (detection >= 98%, false positives <= 3%).
 */
const { values: args } = parseArgs({ options: { households: { type: 'string', default: '1000' }, seed: { type: 'string', default: '20260701' }, shape: { type: 'string', default: 'by-kind' } } });
const wanted = Number(args.households);
const seed = Number(args.seed);
const byKind = args.shape !== 'total';
const TARGET_DETECTION = 0.98;
const TARGET_FALSE_POSITIVES = 0.03;

/** The discrepancy kinds that reveal each hidden item; `member`: the kind names the member who holds it. */
const REVEALED_BY: Record<string, { kinds: string[]; member: boolean }> = {
  EMPLOYMENT: { kinds: ['WAGE_ABOVE_DECLARED', 'UNREPORTED_EMPLOYMENT', 'INCOME_ABOVE_DECLARED'], member: true },
  BUSINESS: { kinds: ['UNDECLARED_BUSINESS', 'BUSINESS_CAPITAL_ABOVE_DECLARED', 'BUSINESS_INCOME_ABOVE_DECLARED', 'INCOME_ABOVE_DECLARED'], member: false },
  BUSINESS_INCOME: { kinds: ['BUSINESS_INCOME_ABOVE_DECLARED', 'INCOME_ABOVE_DECLARED'], member: true },
  PENSION: { kinds: ['PENSION_ABOVE_DECLARED', 'INCOME_ABOVE_DECLARED'], member: true },
  PROPERTY_INCOME: { kinds: ['PROPERTY_INCOME_ABOVE_DECLARED', 'INCOME_ABOVE_DECLARED'], member: true },
  TRANSFER_INCOME: { kinds: ['TRANSFER_INCOME_ABOVE_DECLARED'], member: true },
  OTHER_INCOME: { kinds: ['OTHER_INCOME_ABOVE_DECLARED'], member: true },
  DEPOSIT: { kinds: ['DEPOSITS_ABOVE_DECLARED', 'DEPOSITS_AT_BANK_ABOVE_DECLARED'], member: false },
  WEALTH_PRODUCT: { kinds: ['WEALTH_PRODUCTS_ABOVE_DECLARED'], member: false },
  FUND: { kinds: ['FUNDS_ABOVE_DECLARED'], member: false },
  SECURITIES: { kinds: ['SECURITIES_ABOVE_DECLARED'], member: false },
  HOUSING_FUND: { kinds: ['HOUSING_FUND_ABOVE_DECLARED'], member: false },
  INSURANCE: { kinds: ['INSURANCE_ABOVE_DECLARED'], member: false },
  VEHICLE: { kinds: ['UNDECLARED_VEHICLE'], member: false },
  PROPERTY: { kinds: ['UNDECLARED_PROPERTY'], member: false },
  LAND: { kinds: ['LAND_ABOVE_DECLARED'], member: false },
  DECEASED: { kinds: ['MEMBER_DECEASED'], member: true },
  IMPRISONED: { kinds: ['MEMBER_IMPRISONED'], member: true },
  PUBLIC_PAYROLL: { kinds: ['MEMBER_ON_PUBLIC_PAYROLL'], member: true },
  MOVED_OUT: { kinds: ['MEMBER_HUKOU_MOVED_OUT'], member: true },
};

const cat = catalog();
const banks = cat.sources.filter((s) => s.family === 'bank').map((s) => s.id);
const compared = comparisonAttributes(cat).map((code) => cat.attribute(code)!).filter((a) => a.purposes.includes('NEW_APPLICATION'));
const bySource = new Map<string, typeof compared>();
for (const a of compared) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
const asOf = '2026-06-29';

/** The report's members as the hub would assemble them from the sandbox's answers. */
function reportMembers(h: SandboxHousehold): ReportMember[] {
  return h.members.map((m) => {
    const records: Record<string, PersonRecord> = {};
    for (const [sourceId, attributes] of bySource) {
      const source = cat.source(sourceId)!;
      if (!holdsRecord(source, m, seed)) {
        records[sourceId] = { found: false };
        continue;
      }
      const values: Record<string, AttributeValue> = {};
      for (const a of attributes) values[a.code] = attributeValue(a, source, m, seed);
      records[sourceId] = { found: true, asOf, values };
    }
    const d = h.declaration.members.find((x) => x.idNumber === m.idNumber)!;
    const member: ReportMember = { personId: m.idNumber, idNumber: m.idNumber, name: m.name, relation: m.relation, birthDate: m.birthDate, sex: m.sex, declaredMonthlyIncome: d.monthlyIncome, records };
    if (byKind && d.declaredIncome) member.declaredIncome = d.declaredIncome;
    return member;
  });
}

function discrepanciesOf(h: SandboxHousehold): Discrepancy[] {
  const declaredAssets = byKind && h.declaration.declaredAssets ? h.declaration.declaredAssets : h.declaration.assets;
  return findDiscrepancies(cat, { members: reportMembers(h), household: { regionCode: h.regionCode, declaredAssets } });
}

const population = buildPopulation({ seed, households: Math.ceil(wanted / 0.2) + 200, banks });
const applicants = population.households.filter((h) => h.applicant).slice(0, wanted);
if (applicants.length < wanted) throw new Error(`only ${applicants.length} applicants in the population`);

const started = performance.now();
const planted = new Map<string, { n: number; found: number }>();
const honestFlags = new Map<string, number>();
const spurious = new Map<string, number>();
const misses: string[] = [];
let honest = 0;
let honestFlagged = 0;
for (const h of applicants) {
  const found = discrepanciesOf(h);
  if (h.hidden.length === 0) {
    honest += 1;
    if (found.length > 0) honestFlagged += 1;
    for (const kind of new Set(found.map((d) => d.kind))) honestFlags.set(kind, (honestFlags.get(kind) ?? 0) + 1);
    continue;
  }
  const explained = new Set<Discrepancy>();
  for (const item of h.hidden) {
    const rule = REVEALED_BY[item.item]!;
    const hits = found.filter((d) => rule.kinds.includes(d.kind) && (!rule.member || d.personId === null || d.personId === item.member));
    for (const d of hits) explained.add(d);
    const s = planted.get(item.item) ?? { n: 0, found: 0 };
    s.n += 1;
    if (hits.length > 0) s.found += 1;
    else if (misses.length < 15) misses.push(`${h.id} ${item.item} ${item.amount} ${item.unit} (member ${item.member.slice(0, 6)}…): ${found.map((d) => d.kind).join(', ') || 'nothing raised'}`);
    planted.set(item.item, s);
  }
  for (const d of found) if (!explained.has(d)) spurious.set(d.kind, (spurious.get(d.kind) ?? 0) + 1);
}
const seconds = (performance.now() - started) / 1000;

const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((a / b) * 100).toFixed(1).padStart(5)}%`);
const items = [...planted].sort(([a], [b]) => a.localeCompare(b));
const total = items.reduce((s, [, x]) => ({ n: s.n + x.n, found: s.found + x.found }), { n: 0, found: 0 });
console.log(`eval:detection  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  ${Math.round(totalmem() / 2 ** 30)} GiB`);
console.log(`pure path (sandbox records -> findDiscrepancies, default tolerances); seed ${seed}; ${applicants.length} applicant households (${applicants.length - honest} hiding, ${honest} honest); declaration ${byKind ? 'by kind' : 'total only (old shape)'}; ${seconds.toFixed(1)} s`);
console.log('\nhidden item        planted  detected');
for (const [item, s] of items) console.log(`${item.padEnd(18)} ${String(s.n).padStart(7)}  ${pct(s.found, s.n)}`);
console.log(`${'overall'.padEnd(18)} ${String(total.n).padStart(7)}  ${pct(total.found, total.n)}`);
console.log(`\nfalse positives: ${honestFlagged} of ${honest} honest households (${pct(honestFlagged, honest).trim()})`);
for (const [kind, n] of [...honestFlags].sort((a, b) => b[1] - a[1])) console.log(`  ${kind.padEnd(34)} ${String(n).padStart(5)}  ${pct(n, honest)}`);
if (spurious.size > 0) {
  console.log('discrepancies in hiding households not explained by a hidden item:');
  for (const [kind, n] of [...spurious].sort((a, b) => b[1] - a[1])) console.log(`  ${kind.padEnd(34)} ${String(n).padStart(5)}`);
}
if (misses.length > 0) console.log(`\nfirst misses:\n  ${misses.join('\n  ')}`);
const detection = total.found / Math.max(1, total.n);
const falsePositives = honestFlagged / Math.max(1, honest);
const ok = detection >= TARGET_DETECTION && falsePositives <= TARGET_FALSE_POSITIVES;
console.log(`\n${ok ? 'PASS' : 'FAIL'}: detection ${pct(total.found, total.n).trim()} (target >= ${TARGET_DETECTION * 100}%), false positives ${pct(honestFlagged, honest).trim()} (target <= ${TARGET_FALSE_POSITIVES * 100}%)`);
process.exitCode = ok ? 0 : 1;
