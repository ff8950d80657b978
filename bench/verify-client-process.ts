import { createInterface } from 'node:readline';

/**
 * bench:verify's GraphQL client in a process of its own, so that sending the requests and parsing
 * the answers (a full household's is 160 KB of JSON) are not counted as the hub's CPU. Reads one
 * run per line of stdin ({ id, url, token, query, variables[], concurrency }), answers each with
 * one line ({ id, latencies, wallMs } or { id, error }); exits when stdin closes.
 */
interface Run {
  id: number;
  url: string;
  token: string;
  query: string;
  variables: Record<string, unknown>[];
  concurrency: number;
}

async function post(run: Run, variables: Record<string, unknown>): Promise<number> {
  const started = performance.now();
  const res = await fetch(run.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${run.token}` }, body: JSON.stringify({ query: run.query, variables }) });
  const body = (await res.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return performance.now() - started;
}

async function perform(run: Run): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: run.concurrency }, async () => {
      while (next < run.variables.length) latencies.push(await post(run, run.variables[next++]!));
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

for await (const line of createInterface({ input: process.stdin })) {
  const run = JSON.parse(line) as Run;
  const answer = await perform(run).then(
    (result) => ({ id: run.id, ...result }),
    (err: unknown) => ({ id: run.id, error: err instanceof Error ? err.message : String(err) }),
  );
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
