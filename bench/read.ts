// The hub measured as `npm start` runs it: production mode before anything loads graphql-js (src/bin/production-mode.ts).
import '../src/bin/index.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { startStandaloneServer } from '@apollo/server/standalone';
import autocannon from 'autocannon';
import { catalog } from '../src/catalog/index.js';
import { typeDefs } from '../src/server/index.js';
import type { RunningHub } from '../src/startup/index.js';
import { householdConsents, uploadConsentForm } from './consents.js';
import { registeredHouseholds, verificationInput } from './households.js';
import { startIsolatedHub } from './isolation.js';
import { startSandboxProcess } from './sandbox-process-client.js';

/**
 * bench:read: `verificationReport(id)` of a stored full household (4 members, every attribute
 * NEW_APPLICATION allows), served by the hub, by a plain Apollo Server 5 over the same schema
 * returning the same data from memory (default plugins), and by node:http + JSON.stringify of the
 * same response body: the same load against each, back to back, in one run (issue 15, goal 2).
 * The load comes from autocannon in a worker thread, so it does not share the servers' event loop.
 */
const { values: args } = parseArgs({ options: { connections: { type: 'string', default: '16' }, duration: { type: 'string', default: '10' }, rounds: { type: 'string', default: '1' }, only: { type: 'string' }, 'report-cache': { type: 'string', default: '64' } } });
const connections = Number(args.connections);
const duration = Number(args.duration);
const rounds = Number(args.rounds);
// `--only hub` measures the hub alone (for `node --cpu-prof`): no ratios then.
const only = args.only?.split(',');

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

// The same selection as bench/verify.ts's mutation: every attribute of every member, and the sources.
const SELECTION = 'id status members { idNumber attributes { code value unit source asOf } } sources { source status latencyMs } discrepancies { kind severity verified }';
const READ = `query($id: ID!) { verificationReport(id: $id) { ${SELECTION} } }`;


/** `connections` clients for `seconds` against one target; every answer must be a 200. */
async function load(target: Target, seconds: number): Promise<Measure> {
  const r = await autocannon({ url: target.url, method: 'POST', headers: { 'content-type': 'application/json', ...target.headers }, body: target.body, connections, duration: seconds, workers: 1 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failures: r.non2xx + r.errors + r.timeouts };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

/**
 * The hub's `report.read` events after `since`: how many, and in how many transactions (a group
 * commit's events share a chain and an `occurred_at`; events committed alone do not).
 */
async function auditedReads(db: RunningHub['db'], since = 0): Promise<{ reads: number; transactions: number; newest: number }> {
  const row = (await db('audit_events')
    .where('action', 'report.read')
    .where('seq', '>', since)
    .first(db.raw('count(*)::int AS reads'), db.raw('count(DISTINCT (chain, occurred_at))::int AS transactions'), db.raw('coalesce(max(seq), 0)::int AS newest'))) as { reads: number; transactions: number; newest: number };
  return { ...row, newest: Math.max(row.newest, since) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const sandbox = await startSandboxProcess();
// Quotas stay on (their Redis round trips are part of a read) but far above what the load asks.
// --report-cache 0: every read opens the sealed report again (the hub's REPORT_CACHE_ENTRIES).
const bench = await startIsolatedHub('bench-read', sandbox.url, { QUOTA_REQUESTS_PER_SECOND: '100000', QUOTA_ORG_REQUESTS_PER_SECOND: '1000000', REPORT_CACHE_ENTRIES: args['report-cache'] });
const { hub, gql, token } = bench;
const servers: { stop(): Promise<void> }[] = [];
try {

  const [household] = await registeredHouseholds(sandbox.url, 1);
  const documentSha256 = await uploadConsentForm(hub.server.url, token, 'signed consent form (bench:read)');
  await gql('mutation($c: [ConsentInput!]!) { registerConsents(consents: $c) { id } }', { c: householdConsents(household.members, documentSha256, 'NEW_APPLICATION', '2028-01-01') });
  const created = (await gql(`mutation($input: VerificationInput!) { requestVerification(input: $input) { ${SELECTION} } }`, { input: verificationInput(household!, 'BENCH-READ-1') })) as { requestVerification: { id: string } };
  await hub.verification.settled();
  const id = created.requestVerification.id;
  const readBody = JSON.stringify({ query: READ, variables: { id } });
  const answer = await gql(READ, { id });
  const report = answer.verificationReport as { members: { attributes: unknown[] }[] };
  const values = report.members.reduce((n, m) => n + m.attributes.length, 0);
  const responseBytes = Buffer.byteLength(JSON.stringify({ data: answer }));

  // (b) Apollo Server 5 as it comes (default plugins, cache control on), the same schema, the report from memory.
  const plain = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: typeDefs(catalog()), resolvers: { Query: { verificationReport: () => answer.verificationReport } } }]) });
  const { url: plainUrl } = await startStandaloneServer(plain, { listen: { port: 0, host: '127.0.0.1' } });
  servers.push({ stop: () => plain.stop() });
  // (c) The floor: the same response body, serialised per request, over node:http.
  const json = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: answer }));
    });
  });
  const jsonUrl = await listen(json);
  servers.push({ stop: () => new Promise((resolve) => json.close(() => resolve())) });

  const targets: Target[] = [
    { name: 'hub', url: hub.server.url, headers: { authorization: `Bearer ${token}` }, body: readBody },
    { name: 'plain Apollo', url: plainUrl, headers: {}, body: readBody },
    { name: 'JSON.stringify', url: jsonUrl, headers: {}, body: readBody },
  ];
  const measured = targets.filter((t) => !only || only.includes(t.name));
  const results = new Map<string, Measure[]>(measured.map((t) => [t.name, []]));
  for (const t of measured) await load(t, 2); // warm-up: JIT, pools, connections
  const readsBefore = await auditedReads(hub.db);
  for (let round = 0; round < rounds; round++) {
    for (const t of measured) results.get(t.name)!.push(await load(t, duration));
  }
  const audited = await auditedReads(hub.db, readsBefore.newest);

  const fmt = (x: number, d = 1) => x.toFixed(d);
  const summary = new Map([...results].map(([name, ms]) => [name, { rps: median(ms.map((m) => m.rps)), p50: median(ms.map((m) => m.p50)), p99: median(ms.map((m) => m.p99)), failures: ms.reduce((n, m) => n + m.failures, 0) }]));
  console.log(`bench:read  ${new Date().toISOString()}  node ${process.version}  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}  NODE_ENV ${process.env.NODE_ENV ?? '(unset)'}  REPORT_CACHE_ENTRIES ${args['report-cache']}`);
  console.log(`verificationReport: 4 members, ${values} values, ${fmt(responseBytes / 1024)} KB; ${connections} clients, ${duration} s per server, ${rounds} round(s) back to back (medians)`);
  for (const [name, s] of summary) console.log(`${name.padEnd(15)} ${fmt(s.rps).padStart(8)} req/s  p50 ${fmt(s.p50, 0)} ms  p99 ${fmt(s.p99, 0)} ms${s.failures ? `  FAILED ${s.failures}` : ''}`);
  console.log(`hub audit: ${audited.reads} reads recorded in ${audited.transactions} transactions (${fmt(audited.reads / Math.max(1, audited.transactions))} reads per transaction, group commit)`);
  const rps = (name: string) => summary.get(name)?.rps ?? NaN;
  if (summary.size === targets.length) console.log(`hub / JSON.stringify: ${fmt(rps('hub') / rps('JSON.stringify'), 2)}x   hub / plain Apollo: ${fmt(rps('hub') / rps('plain Apollo'), 2)}x   plain Apollo / JSON.stringify: ${fmt(rps('plain Apollo') / rps('JSON.stringify'), 2)}x`);
} finally {
  for (const s of servers) await s.stop();
  await bench.stop();
  sandbox.stop();
}
