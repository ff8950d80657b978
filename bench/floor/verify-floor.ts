import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import pg from 'pg';
import { Pool } from 'undici';
import { canonicalJson } from '../../src/canonical/index.js';
import { catalog } from '../../src/catalog/index.js';
import { typeDefs } from '../../src/server/index.js';

/**
 * The physical floor of one verification (issue 15): the parts no implementation can skip, each
 * timed in-process in CPU time. What a verification sent to the agencies is captured from undici's
 * diagnostics channel while the hub runs one, then replayed over a bare keep-alive pool; the report
 * the hub stored is canonicalised, hashed, signed and written in one transaction with an audit row;
 * the GraphQL answer is executed compiled over the same data held in memory.
 */

export interface AgencyCall {
  origin: string;
  method: string;
  path: string;
  body: string | null;
}

interface UndiciRequestMessage {
  request: { origin: string | URL; method: string; path: string; body: unknown };
}

/** Records the HTTP requests this process sends to `origin` until the returned function is called. */
export function captureAgencyCalls(origin: string): () => AgencyCall[] {
  const calls: AgencyCall[] = [];
  const created = channel('undici:request:create');
  const onCreate = (message: unknown) => {
    const { request } = message as UndiciRequestMessage;
    if (String(request.origin) !== origin) return;
    const body = request.body === null || request.body === undefined ? null : Buffer.isBuffer(request.body) ? request.body.toString('utf8') : typeof request.body === 'string' ? request.body : null;
    calls.push({ origin: String(request.origin), method: request.method, path: request.path, body });
  };
  created.subscribe(onCreate);
  return () => {
    created.unsubscribe(onCreate);
    return calls;
  };
}

export interface FloorInput {
  /** The requests one verification sent (inquiries and bank polls). */
  calls: AgencyCall[];
  /** The report body the hub stored for it (completed). */
  reportBody: unknown;
  /** The GraphQL operation the benchmark sends, and the data the hub answered it with. */
  query: string;
  variables: Record<string, unknown>;
  responseData: Record<string, unknown>;
  databaseUrl: string;
  rounds: number;
}

export interface FloorPart {
  name: string;
  cpuMs: number;
  /** Done again for each version of the report (the floor counts one). */
  perVersion?: boolean;
}

export async function cpuPerRound(rounds: number, run: () => Promise<void> | void): Promise<number> {
  await run();
  const before = process.cpuUsage();
  for (let i = 0; i < rounds; i++) await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / rounds;
}

async function agencyRound(pool: Pool, calls: AgencyCall[]): Promise<void> {
  await Promise.all(
    calls.map(async (c) => {
      const res = await pool.request({ path: c.path, method: c.method as 'GET' | 'POST', headers: { accept: 'application/json', ...(c.body ? { 'content-type': 'application/json' } : {}) }, body: c.body ?? undefined });
      JSON.parse(await res.body.text());
    }),
  );
}

function compiledResponse(query: string, variables: Record<string, unknown>, data: Record<string, unknown>): () => void {
  // Default resolvers over the data as the hub answered it: only the execution and the serialisation remain.
  const document: DocumentNode = parse(query);
  const compiled = compileQuery(buildSubgraphSchema([{ typeDefs: typeDefs(catalog()) }]), document);
  if (!isCompiledQuery(compiled)) throw new Error(`floor: the benchmark's query does not compile: ${JSON.stringify(compiled.errors)}`);
  return () => {
    const result = compiled.query(data, {}, variables);
    if ('then' in result) throw new Error('floor: compiled execution went asynchronous');
    if (result.errors) throw new Error(`floor: compiled execution failed: ${JSON.stringify(result.errors).slice(0, 300)}`);
    JSON.stringify(result);
  };
}

/** Measures each part of the floor `rounds` times and returns its CPU milliseconds per verification. */
export async function measureFloor(input: FloorInput): Promise<FloorPart[]> {
  const origins = new Set(input.calls.map((c) => c.origin));
  if (origins.size !== 1) throw new Error(`floor: expected the agencies on one origin, got ${[...origins].join(', ')}`);
  const pool = new Pool([...origins][0]!, { connections: 32 });
  const client = new pg.Client({ connectionString: input.databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE floor_reports (id uuid PRIMARY KEY, body bytea NOT NULL, sha256 text NOT NULL, jws text NOT NULL)');
    await client.query('CREATE TEMP TABLE floor_audit (seq bigserial PRIMARY KEY, report_id uuid NOT NULL, details jsonb NOT NULL)');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const bodyBytes = Buffer.from(canonicalJson(input.reportBody), 'utf8');
    const sha256 = createHash('sha256').update(bodyBytes).digest('hex');
    const signature = sign('sha256', bodyBytes, { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    const respond = compiledResponse(input.query, input.variables, input.responseData);
    return [
      { name: `agency calls (${input.calls.length} requests, replayed over one keep-alive pool)`, cpuMs: await cpuPerRound(input.rounds, () => agencyRound(pool, input.calls)) },
      {
        name: `one transaction: the ${Math.round(bodyBytes.length / 1024)} KB report and its audit row`,
        perVersion: true,
        cpuMs: await cpuPerRound(input.rounds, async () => {
          const id = randomUUID();
          await client.query('BEGIN');
          await client.query('INSERT INTO floor_reports (id, body, sha256, jws) VALUES ($1, $2, $3, $4)', [id, bodyBytes, sha256, signature]);
          await client.query('INSERT INTO floor_audit (report_id, details) VALUES ($1, $2)', [id, JSON.stringify({ action: 'verification.requested', sha256 })]);
          await client.query('COMMIT');
        }),
      },
      { name: 'canonical JSON + SHA-256 of the report', perVersion: true, cpuMs: await cpuPerRound(input.rounds, () => void createHash('sha256').update(canonicalJson(input.reportBody)).digest('hex')) },
      { name: 'one ES256 signature', perVersion: true, cpuMs: await cpuPerRound(input.rounds, () => void sign('sha256', bodyBytes, { key: privateKey, dsaEncoding: 'ieee-p1363' })) },
      { name: 'the GraphQL answer, compiled, serialised', cpuMs: await cpuPerRound(input.rounds, respond) },
    ];
  } finally {
    await client.end();
    await pool.close();
  }
}
