import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Starts bench/sandbox-process.ts as a child (its CPU is not the hub's); `env` sets its behaviour. */
export async function startSandboxProcess(env: Record<string, string> = {}): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./sandbox-process.ts', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
  });
  return { url: first.trim(), pid: child.pid!, stop: () => child.stdin!.end() };
}
