import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processCpuMs } from './cpu.js';

/** Hive Gateway serving the supergraph Mesh composed from the sandbox's OpenAPI description, in a process of its own. */
export interface GatewayProcess {
  url: string;
  version: string;
  /** CPU time (user + system) the gateway process has used so far, from /proc/<pid>/stat. */
  cpuMs(): number;
  stop(): Promise<void>;
}

const ROOT = new URL('../../', import.meta.url).pathname;
const bin = (name: string) => realpathSync(join(ROOT, 'node_modules/.bin', name));

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `mesh-compose` with bench/peer/mesh.config.ts: the supergraph file, or an error quoting the tool. */
async function compose(dir: string, sandboxUrl: string): Promise<string> {
  const output = join(dir, 'supergraph.graphql');
  const log = join(dir, 'compose.log');
  const child = spawn(process.execPath, [bin('mesh-compose'), '-c', new URL('./mesh.config.ts', import.meta.url).pathname, '-o', output], {
    cwd: ROOT,
    env: { ...process.env, PEER_SANDBOX_URL: sandboxUrl },
    stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
  });
  const code = await exited(child);
  if (code !== 0) throw new Error(`mesh-compose exited with ${code}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
  return output;
}

async function ready(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited with ${child.exitCode}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    const ok = await fetch(`${url}/readiness`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`hive-gateway not ready after 120 s:\n${readFileSync(log, 'utf8').slice(-2000)}`);
}

/** Composes the supergraph and starts `hive-gateway supergraph` on a free loopback port. */
export async function startGateway(sandboxUrl: string): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-peer-'));
  const supergraph = await compose(dir, sandboxUrl);
  const port = await freePort();
  const log = join(dir, 'gateway.log');
  // One process (--fork 1), so its /proc times are the whole gateway's; cwd without a gateway.config.*.
  const child = spawn(process.execPath, [bin('hive-gateway'), 'supergraph', supergraph, '--host', '127.0.0.1', '--port', String(port), '--fork', '1'], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
  });
  const url = `http://127.0.0.1:${port}`;
  await ready(url, child, log);
  const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@graphql-hive/gateway/package.json'), 'utf8')) as { version: string }).version;
  return {
    url,
    version,
    cpuMs: () => processCpuMs(child.pid!),
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
