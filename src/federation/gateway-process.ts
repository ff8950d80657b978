import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Hive Gateway running as `npm run gateway` runs it, in a process of its own. */
export interface GatewayProcess {
  /** The gateway's GraphQL endpoint. */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const ROOT = new URL('../../', import.meta.url).pathname;

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
}

/** A port the OS says is free now (the gateway CLI cannot be asked to report the port 0 gave it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function ready(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited with ${child.exitCode}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    if (await fetch(`${url}/readiness`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`hive-gateway not ready after 60 s:\n${readFileSync(log, 'utf8').slice(-2000)}`);
}

/**
 * Starts `hive-gateway supergraph` from the project's root, so that it reads gateway.config.ts as
 * `npm run gateway` does, over `supergraphSdl` on `port` (default: a free one). One process
 * (`--fork 1`): its CPU is the whole gateway's. Its output goes to a log file quoted if it fails.
 */
export async function startGatewayProcess(supergraphSdl: string, options: { port?: number; env?: Record<string, string> } = {}): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-'));
  const supergraph = join(dir, 'supergraph.graphql');
  writeFileSync(supergraph, supergraphSdl);
  const port = options.port ?? (await freePort());
  const log = join(dir, 'gateway.log');
  const child = spawn(process.execPath, [realpathSync(join(ROOT, 'node_modules/.bin/hive-gateway')), 'supergraph', '--fork', '1'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', GATEWAY_SUPERGRAPH: supergraph, GATEWAY_PORT: String(port), GATEWAY_HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await ready(base, child, log);
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
  return {
    url: `${base}/graphql`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
