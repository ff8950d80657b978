import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { advance, attributeValue, buildPopulation, holdsRecord, householdTruth, populationDate, startSandbox, type Clock, type SandboxHousehold } from '../connectors/sandbox/index.js';
import { ensureDevKeys, signDevToken } from '../src/auth/index.js';
import { catalog, type AttributeValue, type PersonRecord } from '../src/catalog/index.js';
import { loadConfig } from '../src/config.js';
import { dropDatabase } from '../src/db/index.js';
import { createLogger } from '../src/logging/index.js';
import { comparisonAttributes, findDiscrepancies, type ReportMember } from '../src/reports/index.js';
import { startHub } from '../src/startup/index.js';
import { householdConsents, uploadConsentForm } from './consents.js';

/**
 * eval:detection: how many of the items the sandbox's applicants hide the comparison with the
 * declaration finds, and how many honest applicants it flags.
 *
 * - pure path (default): each member's records are what the sandbox's agencies would answer
 *   (`holdsRecord` / `attributeValue`, every comparison attribute NEW_APPLICATION allows), compared
 *   with the household's declaration by `findDiscrepancies` under the default tolerances (the 2026
 *   seed's); no hub, database or network.
 * - `--via hub`: a hub (own database, Redis prefix, dev keys, free port) and an in-process sandbox;
 *   each household's consents (a signed form uploaded once), then `requestVerification` (selecting
 *   `undeclaredItemsFound`, which makes the hub fetch what the comparison reads) with the
 *   declaration by kind, the report's discrepancies once the banks have answered, and
 *   `GET /sandbox/truth/:id`.
 *
 *   npm run eval:detection [-- --households 1000 --seed 20260701 --shape by-kind|total --noise on|off --months 2 --via pure|hub]
 *
 * Field noise (docs/SANDBOX.md) is on unless `--noise off`; `--months` (default 2) is the time between
 * the declaration and the agencies' answers: the sandbox's clock is advanced that far first, and a
 * discrepancy that a change since the declaration explains (the truth's `sinceDeclaration`: a job
 * taken, a vehicle bought, income drift) is not counted against an honest household, nor is a hidden
 * item gone by then (a job lost) counted as missed. A hidden item is detected when a discrepancy of
 * a kind that reveals it is raised (for the member who holds it, where the kind is a member's); an
 * honest applicant is a false positive when any other discrepancy is raised. Exits 1 below the
 * targets (detection >= 98%, false positives <= 3%).
 */
const { values: args } = parseArgs({
  options: {
    households: { type: 'string' },
    seed: { type: 'string', default: '20260701' },
    shape: { type: 'string', default: 'by-kind' },
    noise: { type: 'string', default: 'on' },
    months: { type: 'string', default: '2' },
    via: { type: 'string', default: 'pure' },
  },
});
const viaHub = args.via === 'hub';
const wanted = Number(args.households ?? (viaHub ? 300 : 1000));
const seed = Number(args.seed);
const byKind = args.shape !== 'total';
const noise = args.noise !== 'off';
const months = Number(args.months);
const TARGET_DETECTION = 0.98;
const TARGET_FALSE_POSITIVES = 0.03;

/** The discrepancy kinds that reveal each hidden item; `member`: the kind names the member who holds it. */
const REVEALED_BY: Record<string, { kinds: string[]; member: boolean }> = {
  EMPLOYMENT: { kinds: ['WAGE_ABOVE_DECLARED', 'UNREPORTED_EMPLOYMENT', 'INCOME_ABOVE_DECLARED'], member: true },
  WAGE_PART: { kinds: ['WAGE_ABOVE_DECLARED', 'INCOME_ABOVE_DECLARED'], member: true },
  BUSINESS: { kinds: ['UNDECLARED_BUSINESS', 'BUSINESS_CAPITAL_ABOVE_DECLARED', 'BUSINESS_INCOME_ABOVE_DECLARED', 'INCOME_ABOVE_DECLARED'], member: false },
  BUSINESS_INCOME: { kinds: ['BUSINESS_INCOME_ABOVE_DECLARED', 'INCOME_ABOVE_DECLARED'], member: true },
  PENSION: { kinds: ['PENSION_ABOVE_DECLARED', 'INCOME_ABOVE_DECLARED'], member: true },
  PROPERTY_INCOME: { kinds: ['PROPERTY_INCOME_ABOVE_DECLARED', 'INCOME_ABOVE_DECLARED'], member: true },
  TRANSFER_INCOME: { kinds: ['TRANSFER_INCOME_ABOVE_DECLARED'], member: true },
  OTHER_INCOME: { kinds: ['OTHER_INCOME_ABOVE_DECLARED'], member: true },
  DEPOSIT: { kinds: ['DEPOSITS_ABOVE_DECLARED', 'DEPOSITS_AT_BANK_ABOVE_DECLARED'], member: false },
  DEPOSIT_PART: { kinds: ['DEPOSITS_ABOVE_DECLARED', 'DEPOSITS_AT_BANK_ABOVE_DECLARED'], member: false },
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

/** What a change since the declaration (the truth's `sinceDeclaration`) explains: discrepancy kind -> changed figures. */
const CHANGED_BY: Record<string, string[]> = {
  WAGE_ABOVE_DECLARED: ['income.wage'],
  UNREPORTED_EMPLOYMENT: ['income.wage', 'status.employed'],
  INCOME_ABOVE_DECLARED: ['income.wage', 'income.pension', 'income.business', 'income.property'],
  PENSION_ABOVE_DECLARED: ['income.pension'],
  BUSINESS_INCOME_ABOVE_DECLARED: ['income.business'],
  PROPERTY_INCOME_ABOVE_DECLARED: ['income.property'],
  TRANSFER_INCOME_ABOVE_DECLARED: ['income.transfer'],
  OTHER_INCOME_ABOVE_DECLARED: ['income.other'],
  UNDECLARED_VEHICLE: ['assets.vehicles'],
  MEMBER_DECEASED: ['status.deceased'],
  MEMBER_HUKOU_MOVED_OUT: ['status.hukouRegion'],
};

type Truth = ReturnType<typeof householdTruth>;
/** A discrepancy as both paths see it: its kind and the member it names (null: the household's). */
interface Found {
  kind: string;
  idNumber: string | null;
}

const cat = catalog();
const banks = cat.sources.filter((s) => s.family === 'bank').map((s) => s.id);
const compared = comparisonAttributes(cat).map((code) => cat.attribute(code)!).filter((a) => a.purposes.includes('NEW_APPLICATION'));
const bySource = new Map<string, typeof compared>();
for (const a of compared) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
/** Enough households for `wanted` applicants (about 20% apply; the hub path takes Shandong's, a third). */
const populationSize = Math.ceil(wanted / (viaHub ? 0.06 : 0.2)) + 200;

/** The report's members as the hub would assemble them from the sandbox's answers. */
function reportMembers(h: SandboxHousehold, asOf: string): ReportMember[] {
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

/** The pure path: the population built here, the clock advanced, findDiscrepancies on what the agencies would answer. */
function purePath(): { households: SandboxHousehold[]; run: (h: SandboxHousehold) => Promise<{ found: Found[]; truth: Truth }> } {
  const population = buildPopulation({ seed, households: populationSize, banks, noise });
  const clock: Clock = { months: 0, changes: [] };
  if (months > 0) advance(population, clock, months);
  const asOf = populationDate(months);
  return {
    households: population.households.filter((h) => h.applicant).slice(0, wanted),
    run: (h) => {
      const declaredAssets = byKind && h.declaration.declaredAssets ? h.declaration.declaredAssets : h.declaration.assets;
      const found = findDiscrepancies(cat, { members: reportMembers(h, asOf), household: { regionCode: h.regionCode, declaredAssets } });
      return Promise.resolve({ found: found.map((d) => ({ kind: d.kind, idNumber: d.personId })), truth: householdTruth(h, clock) });
    },
  };
}

/** The household as `requestVerification` takes it: income and assets by kind (or the old total and four assets). */
function verificationInput(h: SandboxHousehold, n: number) {
  return {
    household: {
      regionCode: h.regionCode,
      externalRef: h.id,
      members: h.members.map((m) => {
        const d = h.declaration.members.find((x) => x.idNumber === m.idNumber)!;
        return { idNumber: m.idNumber, name: m.name, relation: m.relation, ...(byKind && d.declaredIncome ? { declaredIncome: d.declaredIncome } : { declaredMonthlyIncome: d.monthlyIncome }) };
      }),
      declaredAssets: byKind && h.declaration.declaredAssets ? h.declaration.declaredAssets : h.declaration.assets,
    },
    purpose: 'NEW_APPLICATION',
    applicationRef: `EVAL-${n}`,
  };
}

/** Through a hub: an in-process sandbox advanced `months`, a hub of its own, consents, requestVerification, the report once settled, the truth over HTTP. */
async function hubPath() {
  const sandbox = await startSandbox({ port: 0, seed, households: populationSize, noise, behaviour: { latencyMs: 0, rateLimitPerSecond: 1_000_000, asyncDelayMs: 0 } });
  if (months > 0) sandbox.advance(months);
  const keysDir = mkdtempSync(join(tmpdir(), 'hub-eval-keys-'));
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/hub_eval_${process.pid}`;
  const quiet = createLogger('silent', new Writable({ write: (_c, _e, done) => done() }));
  const env = { DATABASE_URL: databaseUrl, PORT: '0', SANDBOX: 'off', SOURCE_BASE_URL: sandbox.url, LOG_LEVEL: 'silent', AUTH_DEV_KEYS_DIR: keysDir, REPORT_KEYS_DIR: join(keysDir, 'reports'), QUEUE_PREFIX: `eval-${process.pid}`, SOURCE_CONCURRENCY: '64', REQUEST_DEADLINE_MS: '30000' };
  const hub = await startHub(loadConfig(env), quiet);
  const token = await signDevToken(await ensureDevKeys(keysDir), { sub: 'eval', org: '370000', roles: ['verifier', 'assistance-system'], ttlSeconds: 7200 });
  const gql = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await fetch(hub.server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
    return body.data!;
  };
  const documentSha256 = await uploadConsentForm(hub.server.url, token, 'signed consent form (eval:detection)');
  let n = 0;
  const run = async (h: SandboxHousehold) => {
    const consents = householdConsents(h.members, documentSha256, 'NEW_APPLICATION', '2030-12-31');
    await gql('mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: consents });
    const request = (input: object) => gql<{ requestVerification: { id: string } }>('mutation($input: VerificationInput!) { requestVerification(input: $input) { id undeclaredItemsFound } }', { input });
    const input = verificationInput(h, n++);
    // A member registered elsewhere stops the verification before anything is fetched: that is the
    // hub's finding of a member moved out; then again with a reason, for everything else.
    let movedOut = false;
    const { requestVerification } = await request(input).catch((err: Error) => {
      if (!err.message.includes('RESIDENCE_MISMATCH')) throw err;
      movedOut = true;
      return request({ ...input, residenceReason: { kind: 'OTHER', note: 'eval:detection: found registered elsewhere' } });
    });
    await hub.verification.settled();
    const report = await gql<{ verificationReport: { discrepancies: { kind: string; member: { idNumber: string } | null }[] } }>('query($id: ID!) { verificationReport(id: $id) { discrepancies { kind member { idNumber } } } }', { id: requestVerification.id });
    const truth = (await (await fetch(`${sandbox.url}/sandbox/truth/${h.id}`)).json()) as Truth;
    const found: Found[] = report.verificationReport.discrepancies.map((d) => ({ kind: d.kind, idNumber: d.member?.idNumber ?? null }));
    if (movedOut && !found.some((d) => d.kind === 'MEMBER_HUKOU_MOVED_OUT')) found.push({ kind: 'MEMBER_HUKOU_MOVED_OUT', idNumber: null });
    return { found, truth };
  };
  const households = sandbox.population.households.filter((h) => h.applicant && !h.fixture && h.regionCode.startsWith('37')).slice(0, wanted);
  const stop = async () => {
    await hub.stop();
    await sandbox.close();
    await dropDatabase(databaseUrl);
  };
  return { households, run, stop };
}

/** Is the discrepancy explained by a change since the declaration (a real change, not a false positive)? */
function changedSince(d: Found, truth: Truth): boolean {
  const figures = CHANGED_BY[d.kind] ?? [];
  return truth.sinceDeclaration.members.some((m) => (d.idNumber === null || d.idNumber === m.idNumber) && figures.some((f) => {
    const [part, key] = f.split('.') as ['income' | 'assets' | 'status', string];
    return key in m[part];
  }));
}

/** Is it explained by an item the household forgot (honest, but flagged all the same)? */
function forgottenItem(d: Found, truth: Truth): boolean {
  return truth.forgotten.some((x) => REVEALED_BY[x.kind]!.kinds.includes(d.kind) && (!REVEALED_BY[x.kind]!.member || d.idNumber === null || d.idNumber === x.member));
}

const path = viaHub ? await hubPath() : { ...purePath(), stop: () => Promise.resolve() };
if (path.households.length < wanted) throw new Error(`only ${path.households.length} applicants in the population`);

const started = performance.now();
const planted = new Map<string, { n: number; found: number; gone: number }>();
const honestFlags = new Map<string, number>();
const spurious = new Map<string, number>();
const misses: string[] = [];
let honest = 0;
let honestFlagged = 0;
let flaggedForForgetting = 0;
let explainedByChange = 0;
try {
  for (const h of path.households) {
    const { found, truth } = await path.run(h);
    const real = found.filter((d) => !changedSince(d, truth));
    explainedByChange += found.length - real.length;
    if (truth.hidden.length === 0) {
      honest += 1;
      if (real.length > 0) honestFlagged += 1;
      if (real.length > 0 && real.every((d) => forgottenItem(d, truth))) flaggedForForgetting += 1;
      for (const kind of new Set(real.map((d) => d.kind))) honestFlags.set(kind, (honestFlags.get(kind) ?? 0) + 1);
      continue;
    }
    const explained = new Set<Found>();
    for (const item of truth.hidden) {
      const rule = REVEALED_BY[item.kind]!;
      const s = planted.get(item.kind) ?? { n: 0, found: 0, gone: 0 };
      planted.set(item.kind, s);
      const hits = found.filter((d) => rule.kinds.includes(d.kind) && (!rule.member || d.idNumber === null || d.idNumber === item.member));
      for (const d of hits) explained.add(d);
      if (!item.present) {
        s.gone += 1;
        continue;
      }
      s.n += 1;
      if (hits.length > 0) s.found += 1;
      else if (misses.length < 15) misses.push(`${h.id} ${item.kind} ${item.amount} ${item.unit} (member ${item.member.slice(0, 6)}…): ${found.map((d) => d.kind).join(', ') || 'nothing raised'}`);
    }
    for (const d of real) if (!explained.has(d)) spurious.set(d.kind, (spurious.get(d.kind) ?? 0) + 1);
  }
} finally {
  await path.stop();
}
const seconds = (performance.now() - started) / 1000;

const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((a / b) * 100).toFixed(1).padStart(5)}%`);
const items = [...planted].sort(([a], [b]) => a.localeCompare(b));
const total = items.reduce((s, [, x]) => ({ n: s.n + x.n, found: s.found + x.found, gone: s.gone + x.gone }), { n: 0, found: 0, gone: 0 });
const applicants = path.households.length;
console.log(`eval:detection  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  ${Math.round(totalmem() / 2 ** 30)} GiB`);
console.log(`${viaHub ? 'via hub (requestVerification, reports, /sandbox/truth)' : 'pure path (sandbox records -> findDiscrepancies, default tolerances)'}; seed ${seed}; ${applicants} applicant households (${applicants - honest} hiding, ${honest} honest); declaration ${byKind ? 'by kind' : 'total only (old shape)'}; noise ${noise ? 'on' : 'off'}; ${months} months from declaration to answers; ${seconds.toFixed(1)} s`);
console.log('\nhidden item        planted  detected  (gone by the answers)');
for (const [item, s] of items) console.log(`${item.padEnd(18)} ${String(s.n).padStart(7)}  ${pct(s.found, s.n)}  ${s.gone > 0 ? `(${s.gone})` : ''}`);
console.log(`${'overall'.padEnd(18)} ${String(total.n).padStart(7)}  ${pct(total.found, total.n)}  ${total.gone > 0 ? `(${total.gone})` : ''}`);
console.log(`\nfalse positives: ${honestFlagged} of ${honest} honest households (${pct(honestFlagged, honest).trim()}); ${flaggedForForgetting} of them only for an item they forgot; ${explainedByChange} discrepancies explained by changes since the declaration, not counted`);
for (const [kind, n] of [...honestFlags].sort((a, b) => b[1] - a[1])) console.log(`  ${kind.padEnd(34)} ${String(n).padStart(5)}  ${pct(n, honest)}`);
if (spurious.size > 0) {
  console.log('discrepancies in hiding households not explained by a hidden item or a change:');
  for (const [kind, n] of [...spurious].sort((a, b) => b[1] - a[1])) console.log(`  ${kind.padEnd(34)} ${String(n).padStart(5)}`);
}
if (misses.length > 0) console.log(`\nfirst misses:\n  ${misses.join('\n  ')}`);
const detection = total.found / Math.max(1, total.n);
const falsePositives = honestFlagged / Math.max(1, honest);
const ok = detection >= TARGET_DETECTION && falsePositives <= TARGET_FALSE_POSITIVES;
console.log(`\n${ok ? 'PASS' : 'FAIL'}: detection ${pct(total.found, total.n).trim()} (target >= ${TARGET_DETECTION * 100}%), false positives ${pct(honestFlagged, honest).trim()} (target <= ${TARGET_FALSE_POSITIVES * 100}%)`);
process.exitCode = ok ? 0 : 1;
