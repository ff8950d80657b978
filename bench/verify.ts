// The hub measured as `npm start` runs it: production mode before anything loads graphql-js (src/bin/production-mode.ts).
import '../src/bin/index.js';
import { cpus, totalmem } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { catalog } from '../src/catalog/index.js';
import { householdConsents, uploadConsentForm } from './consents.js';
import { registeredHouseholds, verificationInput } from './households.js';
import { captureAgencyCalls, measureFloor } from './floor/verify-floor.js';
import { measureRequiredWork } from './floor/required.js';
import { startIsolatedHub } from './isolation.js';
import { loadConfig } from '../src/config.js';
import { readReportBody } from '../src/reports/index.js';
import { startSandboxProcess } from './sandbox-process-client.js';
import { startVerifyClient } from './verify-client.js';

/**
 * bench:verify: full-household verifications (4 members, every attribute NEW_APPLICATION allows)
 * against the sandbox with no added latency. The sandbox and the client sending the requests run
 * in child processes so that the CPU time measured here is the hub's.
 */
const { values: args } = parseArgs({ options: { count: { type: 'string', default: '200' }, concurrency: { type: 'string', default: '16' }, statements: { type: 'boolean', default: false }, 'cpu-prof': { type: 'string' } } });
const count = Number(args.count);
const concurrency = Number(args.concurrency);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const sandbox = await startSandboxProcess();
const bench = await startIsolatedHub('bench', sandbox.url, { SOURCE_CONCURRENCY: '64', REQUEST_DEADLINE_MS: '30000' });
const { hub, gql, token } = bench;
const client = startVerifyClient(hub.server.url, token);
try {
  const households = await registeredHouseholds(sandbox.url, 20);
  const documentSha256 = await uploadConsentForm(hub.server.url, token, 'signed consent form (bench)');
  for (const h of households) {
    await gql('mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: householdConsents(h.members, documentSha256, 'NEW_APPLICATION', '2028-01-01') });
  }
  const query = `mutation($input: VerificationInput!) { requestVerification(input: $input) {
    id status members { idNumber attributes { code value unit source asOf } } sources { source status latencyMs } discrepancies { kind severity verified } } }`;
  const inputs = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ input: verificationInput(households[(from + i) % households.length]!, `BENCH-${from + i}`) }));

  // The floor's inputs: one verification's agency requests (inquiries and bank polls), its stored report and its answer.
  const stopCapture = captureAgencyCalls(new URL(sandbox.url).origin);
  const floorVariables = { input: verificationInput(households[0]!, 'BENCH-FLOOR') };
  const floorAnswer = await gql<{ requestVerification: { id: string } }>(query, floorVariables);
  await hub.verification.settled();
  const floorCalls = stopCapture();
  const floorReport = await readReportBody(hub.db, floorAnswer.requestVerification.id);
  if (!floorReport) throw new Error('floor: the verification stored no report body');

  // Warm-up: JIT, connection pools, prepared catalogue paths.
  await client.run(query, inputs(0, 20), 1);
  await hub.verification.settled();
  await fetch(`${sandbox.url}/sandbox/stats/reset`, { method: 'POST' });

  let statements = 0;
  let parameterBytes = 0;
  // --statements: which statements, by their text's first words (where the count goes), and the bytes of their parameters.
  const statementKinds = new Map<string, { count: number; bytes: number }>();
  const bytesOf = (b: unknown): number => (Buffer.isBuffer(b) ? b.length : typeof b === 'string' ? Buffer.byteLength(b) : Array.isArray(b) ? b.reduce((n: number, x) => n + bytesOf(x), 0) : b === null || b === undefined ? 0 : String(b).length);
  const countStatement = (q: { sql: string; bindings?: unknown[] }) => {
    statements += 1;
    const bytes = bytesOf(q.bindings ?? []);
    parameterBytes += bytes;
    if (!args.statements) return;
    const kind = q.sql.replace(/\s+/g, ' ').slice(0, 90);
    const seen = statementKinds.get(kind) ?? { count: 0, bytes: 0 };
    statementKinds.set(kind, { count: seen.count + 1, bytes: seen.bytes + bytes });
  };
  hub.db.on('query', countStatement);
  // --cpu-prof FILE: a CPU profile of the measured sequential run only (no start-up, warm-up or floor).
  const profiler = args['cpu-prof'] ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const cpuBefore = process.cpuUsage();
  const { latencies: sequential } = await client.run(query, inputs(20, count), 1);
  await hub.verification.settled();
  const cpu = process.cpuUsage(cpuBefore);
  hub.db.off('query', countStatement);
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    await writeFile(args['cpu-prof']!, JSON.stringify(profile));
    profiler.disconnect();
  }
  const stats = (await (await fetch(`${sandbox.url}/sandbox/stats`)).json()) as Record<string, { calls: number; polls: number }>;
  const calls = Object.values(stats).reduce((s, x) => s + x.calls, 0);
  const sourcesNeeded = catalog().sources.filter((s) => catalog().attributesOf(s.id).some((a) => a.purposes.includes('NEW_APPLICATION'))).length;

  const { latencies: parallel, wallMs: wall } = await client.run(query, inputs(20 + count, count), concurrency);
  await hub.verification.settled();

  const floor = await measureFloor({ calls: floorCalls, reportBody: floorReport, query, variables: floorVariables, responseData: floorAnswer, databaseUrl: bench.databaseUrl, rounds: 50 });
  const floorMs = floor.reduce((s, p) => s + p.cpuMs, 0);
  const required = [
    { name: 'the second version, when the banks answer: the floor\'s transaction, canonical JSON + SHA-256 and signature again', cpuMs: floor.filter((p) => p.perVersion).reduce((s, p) => s + p.cpuMs, 0) },
    ...(await measureRequiredWork({ db: hub.db, redisUrl: loadConfig().redisUrl, reportBody: floorReport, calls: floorCalls, rounds: 50 })),
  ];
  const requiredMs = required.reduce((s, p) => s + p.cpuMs, 0);

  const s1 = [...sequential].sort((a, b) => a - b);
  const s16 = [...parallel].sort((a, b) => a - b);
  const fmt = (x: number) => x.toFixed(1);
  const hubCpuMs = (cpu.user + cpu.system) / 1000 / count;
  console.log(`bench:verify  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`households: 4 members, all ${catalog().attributes.length} attributes, purpose NEW_APPLICATION, ${count} verifications per run`);
  console.log(`upstream calls per verification: ${fmt(calls / count)} (sources needed: ${sourcesNeeded}; bank polls excluded: ${Object.values(stats).reduce((s, x) => s + x.polls, 0)})`);
  console.log(`SQL statements per verification: ${fmt(statements / count)} (BEGIN and COMMIT included; with the completion of the pending banks), parameters ${fmt(parameterBytes / count / 1024)} KiB`);
  for (const [kind, n] of [...statementKinds].sort((a, b) => b[1].count - a[1].count)) console.log(`  ${fmt(n.count / count).padStart(5)}  ${fmt(n.bytes / count / 1024).padStart(6)} KiB  ${kind}`);
  console.log(`hub CPU per verification: ${fmt(hubCpuMs)} ms (user ${fmt(cpu.user / 1000 / count)}, system ${fmt(cpu.system / 1000 / count)}; includes completing the pending banks)`);
  console.log(`floor per verification, measured in this run: ${fmt(floorMs)} ms of CPU`);
  for (const part of floor) console.log(`  ${part.cpuMs.toFixed(2).padStart(6)} ms  ${part.name}`);
  console.log(`hub CPU / floor: ${(hubCpuMs / floorMs).toFixed(1)}x (goal <= 2x)`);
  console.log(`required besides the floor (other issues), measured in this run with the hub's own code: ${fmt(requiredMs)} ms of CPU`);
  for (const part of required) console.log(`  ${part.cpuMs.toFixed(2).padStart(6)} ms  ${part.name}`);
  console.log(`hub CPU / (floor + required): ${(hubCpuMs / (floorMs + requiredMs)).toFixed(1)}x; the rest of the hub's CPU: ${fmt(hubCpuMs - floorMs - requiredMs)} ms`);
  console.log(`latency, 1 client:   p50 ${fmt(percentile(s1, 50))} ms  p99 ${fmt(percentile(s1, 99))} ms  (${fmt((count / s1.reduce((a, b) => a + b, 0)) * 1000)} verifications/s)`);
  console.log(`latency, ${concurrency} clients: p50 ${fmt(percentile(s16, 50))} ms  p99 ${fmt(percentile(s16, 99))} ms  (${fmt((count / wall) * 1000)} verifications/s)`);
} finally {
  client.stop();
  await bench.stop();
  sandbox.stop();
}
