import { startSandbox } from '../connectors/sandbox/index.js';

/**
 * The sandbox in a process of its own, so the benchmark's CPU figures are the hub's alone.
 * Prints its URL on the first line of stdout; stops when stdin closes.
 */
const sandbox = await startSandbox({
  port: 0,
  seed: 20181001,
  households: Number(process.env.SANDBOX_HOUSEHOLDS ?? 33_000),
  behaviour: { latencyMs: Number(process.env.SANDBOX_LATENCY_MS ?? 0), rateLimitPerSecond: Number(process.env.SANDBOX_RATE_LIMIT ?? 1_000_000), asyncDelayMs: Number(process.env.SANDBOX_BANK_DELAY_MS ?? 0) },
});
console.log(sandbox.url);
process.stdin.resume();
process.stdin.on('end', () => void sandbox.close().then(() => process.exit(0)));
