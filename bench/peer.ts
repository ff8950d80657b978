import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { processCpuMs } from './peer/cpu.js';
import { startGateway } from './peer/gateway.js';
import { registeredHouseholds, type SampleHousehold } from './households.js';
import { startBenchHub } from './peer/hub.js';
import { batchedQuery, fullHouseholdQuestion, gatewayValues, perMemberQuery, type Question } from './peer/question.js';
import { startSandboxProcess } from './sandbox-process-client.js';

/**
 * bench:peer: the same full-household question asked of the hub and of Hive Gateway over the
 * sandbox's OpenAPI description (GraphQL Mesh), each way timed, its CPU measured and its upstream
 * calls counted by the sandbox. The sandbox and the gateway run in processes of their own; the hub
 * in this one.
 */
const { values: args } = parseArgs({ options: { count: { type: 'string', default: '100' }, concurrency: { type: 'string', default: '8' }, latency: { type: 'string', default: '0' } } });
const count = Number(args.count);
const concurrency = Number(args.concurrency);

/** One way of asking: a household in, its answer's non-null values (`idNumber code`) out. */
interface Way {
  name: string;
  ask(h: SampleHousehold, n: number): Promise<Set<string>>;
  /** CPU the way's own process has used so far. */
  cpuMs(): number;
  settled(): Promise<void>;
}

interface Figures {
  p50: number;
  mean: number;
  cpu: number;
  clientCpu: number;
  agencyCpu: number;
  calls: number;
  personsPerCall: number;
  perSecond: number;
}

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function upstream(sandboxUrl: string): Promise<{ calls: number; persons: number }> {
  const stats = (await (await fetch(`${sandboxUrl}/sandbox/stats`)).json()) as Record<string, { calls: number; persons: number }>;
  return { calls: Object.values(stats).reduce((s, x) => s + x.calls, 0), persons: Object.values(stats).reduce((s, x) => s + x.persons, 0) };
}

async function measure(way: Way, households: SampleHousehold[], sandbox: { url: string; pid: number }): Promise<Figures> {
  const sandboxUrl = sandbox.url;
  const at = (n: number) => households[n % households.length]!;
  await fetch(`${sandboxUrl}/sandbox/stats/reset`, { method: 'POST' });
  const cpu0 = way.cpuMs();
  const client0 = ownCpuMs();
  const agency0 = processCpuMs(sandbox.pid);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await way.ask(at(i), i);
    times.push(performance.now() - started);
  }
  await way.settled();
  const cpu = way.cpuMs() - cpu0;
  const clientCpu = ownCpuMs() - client0;
  const agencyCpu = processCpuMs(sandbox.pid) - agency0;
  const { calls, persons } = await upstream(sandboxUrl);
  let next = 0;
  const wallStart = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const n = next++;
        await way.ask(at(n), count + n);
      }
    }),
  );
  const wall = performance.now() - wallStart;
  await way.settled();
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, mean: times.reduce((a, b) => a + b, 0) / count, cpu: cpu / count, clientCpu: clientCpu / count, agencyCpu: agencyCpu / count, calls: calls / count, personsPerCall: persons / calls, perSecond: (count / wall) * 1000 };
}

function gatewayWay(name: string, url: string, query: string, question: Question, cpuMs: () => number): Way {
  return {
    name,
    cpuMs,
    settled: async () => {},
    ask: async (h) => {
      const variables = Object.fromEntries(h.members.map((m, i) => [`m${i}`, m.idNumber]));
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: Record<string, { results?: { idNumber: string; values?: Record<string, unknown> }[] }>; errors?: unknown[] };
      if (body.errors || !body.data) throw new Error(`${name}: ${JSON.stringify(body.errors).slice(0, 500)}`);
      return gatewayValues(question, body.data);
    },
  };
}

function report(question: Question, ways: Way[], figures: Figures[], gatewayVersion: string, crossCheck: string): void {
  const fmt = (x: number, d = 1) => x.toFixed(d).padStart(9);
  const attributes = question.sources.reduce((n, s) => n + s.codes.length, 0);
  console.log(`bench:peer  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`question: 4-member households, ${question.sources.length} synchronous sources, the ${attributes} attributes NEW_APPLICATION allows of them; ${count} households a run, then ${count} more with ${concurrency} clients`);
  console.log(`banks left out both ways: they answer by ticket (POST, then poll), which a gateway over OpenAPI cannot wait for without a poll loop of the user's`);
  console.log(`sandbox: ${args.latency} ms added to each agency call; Hive Gateway ${gatewayVersion} (one process, NODE_ENV=production), supergraph composed by Mesh from GET /openapi.json`);
  console.log(`${'way'.padEnd(40)}${['ms p50', 'ms mean', 'CPU ms', '(client)', 'agencies', 'calls'].map((h) => h.padStart(9)).join('')}${'persons/call'.padStart(13)}  hh/s, ${concurrency} clients`);
  ways.forEach((w, i) => {
    const f = figures[i]!;
    console.log(`${w.name.padEnd(40)}${fmt(f.p50)}${fmt(f.mean)}${fmt(f.cpu)}${fmt(f.clientCpu)}${fmt(f.agencyCpu)}${fmt(f.calls)}${fmt(f.personsPerCall, 2).padStart(13)}${fmt(f.perSecond).padStart(13)}`);
  });
  console.log('per household (hh): wall time, CPU and upstream calls; CPU: the hub\'s is this process\'s (hub and the benchmark client); a gateway\'s is its own process\'s (/proc/<pid>/stat). (client): this process during the run; agencies: the sandbox process');
  console.log('the hub also checks consents, stores and signs the report, audits and compares with the declaration; the gateway only fetches');
  console.log(crossCheck);
}

const question = fullHouseholdQuestion();
const sandbox = await startSandboxProcess({ SANDBOX_LATENCY_MS: args.latency! });
const stops: (() => unknown)[] = [() => sandbox.stop()];
try {
  const households = await registeredHouseholds(sandbox.url, 20);
  const gateway = await startGateway(sandbox.url);
  stops.unshift(() => gateway.stop());
  const hub = await startBenchHub(sandbox.url, question, households);
  stops.unshift(() => hub.stop());
  const ways: Way[] = [
    { name: 'hub (requestVerification)', ask: (h, n) => hub.verify(h, n), cpuMs: ownCpuMs, settled: () => hub.settled() },
    gatewayWay('Hive Gateway, per member, per source', gateway.url, perMemberQuery(question, 4), question, gateway.cpuMs),
    gatewayWay('Hive Gateway, members batched by hand', gateway.url, batchedQuery(question, 4), question, gateway.cpuMs),
  ];
  // Both ways must ask the same question: the first household's non-null values compared.
  const answers = await Promise.all(ways.map((w) => w.ask(households[0]!, 0)));
  const same = answers.every((a) => a.size === answers[0]!.size && [...a].every((v) => answers[0]!.has(v)));
  const crossCheck = `same answers (household ${households[0]!.id}): ${same ? 'yes' : 'NO'}, ${answers.map((a, i) => `${ways[i]!.name}: ${a.size} values`).join('; ')}`;
  // Warm-up of every way before any is measured (JIT, connection pools, the gateway's parsed and
  // planned documents), so that the sandbox is as warm for the first way measured as for the last.
  for (const way of ways) for (let i = 0; i < 20; i++) await way.ask(households[i % households.length]!, -1 - i);
  const figures: Figures[] = [];
  for (const way of ways) figures.push(await measure(way, households, sandbox));
  report(question, ways, figures, gateway.version, crossCheck);
} finally {
  for (const stop of stops) await stop();
}
