import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** bench/verify-client-process.ts as a child: runs of GraphQL requests whose client CPU is not the hub's. */
export interface VerifyClient {
  /** Sends `query` once per variables, `concurrency` at a time; the latency of each and the run's wall time. */
  run(query: string, variables: Record<string, unknown>[], concurrency: number): Promise<{ latencies: number[]; wallMs: number }>;
  stop(): void;
}

export function startVerifyClient(url: string, token: string): VerifyClient {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./verify-client-process.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map<number, { resolve: (r: { latencies: number[]; wallMs: number }) => void; reject: (e: Error) => void }>();
  let serial = 0;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const answer = JSON.parse(line) as { id: number; latencies: number[]; wallMs: number; error?: string };
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.error !== undefined) w?.reject(new Error(answer.error));
    else w?.resolve({ latencies: answer.latencies, wallMs: answer.wallMs });
  });
  child.once('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`the benchmark client exited with ${code}`));
    waiting.clear();
  });
  return {
    run(query, variables, concurrency) {
      const id = ++serial;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.stdin!.write(`${JSON.stringify({ id, url, token, query, variables, concurrency })}\n`);
      });
    },
    stop: () => child.stdin!.end(),
  };
}
