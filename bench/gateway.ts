// The hub measured as `npm start` runs it: production mode before anything loads graphql-js (src/bin/production-mode.ts).
import '../src/bin/index.js';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { platformTypeDefs, startPlatform } from '../examples/assistance-platform/index.js';
import { composeSupergraph, hubSubgraph, startGatewayProcess } from '../src/federation/index.js';
import { householdConsents, uploadConsentForm } from './consents.js';
import { registeredHouseholds, verificationInput } from './households.js';
import { startIsolatedHub } from './isolation.js';
import { processCpuMs } from './peer/cpu.js';
import { startSandboxProcess } from './sandbox-process-client.js';

/**
 * bench:gateway: what the gateway hop costs. The same requests sent to the hub directly and through
 * Hive Gateway (started as `npm run gateway` starts it, one process, over the hub and the sample
 * platform's supergraph): the household-status query, a full verification (4 members, every
 * attribute NEW_APPLICATION allows), and a platform case with its household's status (two
 * subgraphs; directly, two requests one after the other). The hub and the platform run in this
 * process, the sandbox and the gateway in processes of their own.
 */
const { values: args } = parseArgs({ options: { count: { type: 'string', default: '300' }, verifications: { type: 'string', default: '60' }, concurrency: { type: 'string', default: '8' } } });
const concurrency = Number(args.concurrency);

const STATUS = 'query($id: ID!) { household(id: $id) { reportId assessedAt circle hardshipIndex perCapitaIncome eligibleProgrammes urgency history { status } } }';
const VERIFY = `mutation($input: VerificationInput!) { requestVerification(input: $input) {
  id status household { id } members { idNumber attributes { code value unit source asOf } } sources { source status latencyMs } discrepancies { kind severity verified } } }`;
const CASE = 'query($id: ID!) { case(id: $id) { id state caseworker { name } household { id status { hardshipIndex circle } } } }';
const PLATFORM_CASE = 'query($id: ID!) { case(id: $id) { id state caseworker { name } household { id } } }';
const HUB_STATUS = 'query($id: ID!) { household(id: $id) { hardshipIndex circle } }';

interface Figures {
  p50: number;
  mean: number;
  perSecond: number;
  ownCpu: number;
  gatewayCpu: number;
}

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const sandbox = await startSandboxProcess();
const bench = await startIsolatedHub('gateway', sandbox.url, { SOURCE_CONCURRENCY: '64', REQUEST_DEADLINE_MS: '30000' });
const platform = await startPlatform();
const stops: (() => unknown)[] = [() => sandbox.stop(), () => bench.stop(), () => platform.stop()];
try {
  const { supergraphSdl } = composeSupergraph([hubSubgraph(bench.url), { name: 'assistance-platform', typeDefs: platformTypeDefs, url: platform.url }]);
  const gateway = await startGatewayProcess(supergraphSdl);
  stops.push(() => gateway.stop());
  const post = async <T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bench.token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors || !body.data) throw new Error(`${url}: ${JSON.stringify(body.errors).slice(0, 500)}`);
    return body.data;
  };

  const households = await registeredHouseholds(sandbox.url, 20);
  const documentSha256 = await uploadConsentForm(bench.url, bench.token, 'signed consent form (bench:gateway)');
  const householdIds: string[] = [];
  const caseIds: string[] = [];
  for (const [i, h] of households.entries()) {
    await bench.gql('mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: householdConsents(h.members, documentSha256, 'NEW_APPLICATION', '2028-01-01') });
    const made = await post<{ requestVerification: { household: { id: string } } }>(bench.url, VERIFY, { input: verificationInput(h, `GW-SETUP-${i}`) });
    householdIds.push(made.requestVerification.household.id);
    caseIds.push(platform.store.openCase({ householdId: made.requestVerification.household.id, reference: h.id, programme: 'MINIMUM_LIVING', caseworkerId: 'cw-1' }).id);
  }
  await bench.hub.verification.settled();

  type Ask = (n: number) => Promise<unknown>;
  // Warm-up asks with negative n: an index into the samples either way.
  const at = <T>(list: readonly T[], n: number): T => list[((n % list.length) + list.length) % list.length]!;
  const status = (url: string): Ask => (n) => post(url, STATUS, { id: at(householdIds, n) });
  const verify = (url: string): Ask => async (n) => {
    await post(url, VERIFY, { input: verificationInput(at(households, n), `GW-${n}`) });
  };
  const caseThroughGateway: Ask = (n) => post(gateway.url, CASE, { id: at(caseIds, n) });
  const caseDirect: Ask = async (n) => {
    const c = await post<{ case: { household: { id: string } } }>(platform.url, PLATFORM_CASE, { id: at(caseIds, n) });
    await post(bench.url, HUB_STATUS, { id: c.case.household.id });
  };

  /** Sequential timings and CPU of `n` asks, from `from` on. */
  async function sequential(ask: Ask, from: number, n: number, into: { times: number[]; ownCpu: number; gatewayCpu: number }): Promise<void> {
    const own0 = ownCpuMs();
    const gw0 = processCpuMs(gateway.pid);
    for (let i = from; i < from + n; i++) {
      const started = performance.now();
      await ask(i);
      into.times.push(performance.now() - started);
    }
    await bench.hub.verification.settled();
    into.ownCpu += ownCpuMs() - own0;
    into.gatewayCpu += processCpuMs(gateway.pid) - gw0;
  }

  /** Wall time of `n` asks by `concurrency` clients. */
  async function parallel(ask: Ask, from: number, n: number): Promise<number> {
    let next = 0;
    const wall0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < n) await ask(from + next++);
    }));
    const wall = performance.now() - wall0;
    await bench.hub.verification.settled();
    return wall;
  }

  /**
   * The two ways measured in alternating rounds (direct, gateway, direct, ...): on a machine shared
   * with other work, a burst of load falls on both rather than on whichever ran at the time.
   */
  async function measurePair(ways: readonly [Ask, Ask], count: number, rounds = 5): Promise<[Figures, Figures]> {
    for (const ask of ways) for (let i = 0; i < Math.min(20, count); i++) await ask(-1 - i);
    await bench.hub.verification.settled();
    const acc = ways.map(() => ({ times: [] as number[], ownCpu: 0, gatewayCpu: 0, wall: 0 }));
    const per = Math.ceil(count / rounds);
    for (let r = 0; r < rounds; r++) {
      for (const [w, ask] of ways.entries()) await sequential(ask, r * per, per, acc[w]!);
      for (const [w, ask] of ways.entries()) acc[w]!.wall += await parallel(ask, count + r * per, per);
    }
    const figures = acc.map((a): Figures => {
      const n = a.times.length;
      const sorted = [...a.times].sort((x, y) => x - y);
      return { p50: sorted[Math.floor(n / 2)]!, mean: sorted.reduce((x, y) => x + y, 0) / n, perSecond: (n / a.wall) * 1000, ownCpu: a.ownCpu / n, gatewayCpu: a.gatewayCpu / n };
    });
    return [figures[0]!, figures[1]!];
  }

  const count = Number(args.count);
  const verifications = Number(args.verifications);
  const rows: [string, number, Figures][] = [];
  for (const [name, ways, n] of [
    ['household status', [status(bench.url), status(gateway.url)], count],
    ['full verification', [verify(bench.url), verify(gateway.url)], verifications],
    ['case + status', [caseDirect, caseThroughGateway], count],
  ] as const) {
    const [direct, through] = await measurePair(ways, n);
    rows.push([`${name}, direct${name === 'case + status' ? ' (2 requests)' : ''}`, n, direct], [`${name}, through the gateway`, n, through]);
  }

  const fmt = (x: number, w = 9) => x.toFixed(1).padStart(w);
  console.log(`bench:gateway  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  ${Math.round(totalmem() / 2 ** 30)} GiB`);
  console.log(`Hive Gateway (one process, NODE_ENV=production) over hub + sample platform; sandbox with no added latency; direct and gateway in 5 alternating rounds of sequential requests, then as many with ${concurrency} clients; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${'request'.padEnd(42)}${'n'.padStart(5)}${['ms p50', 'ms mean', 'req/s', 'CPU here', 'CPU gw'].map((h) => h.padStart(9)).join('')}`);
  for (const [name, n, f] of rows) console.log(`${name.padEnd(42)}${String(n).padStart(5)}${fmt(f.p50)}${fmt(f.mean)}${fmt(f.perSecond)}${fmt(f.ownCpu)}${fmt(f.gatewayCpu)}`);
  console.log('CPU here: this process per request (hub, platform and the benchmark client); CPU gw: the gateway process per request (/proc/<pid>/stat); req/s with the clients in parallel');
} finally {
  for (const stop of stops.reverse()) await stop();
}
