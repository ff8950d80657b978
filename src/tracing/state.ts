/**
 * The running SDK's shutdown, when tracing was started (preload.ts): what the process calls last,
 * so the spans still batched are exported before it exits. No OpenTelemetry import here: the
 * process imports this module whether tracing is on or not.
 */
let shutdown: (() => Promise<void>) | null = null;

export function tracingStarted(stop: () => Promise<void>): void {
  shutdown = stop;
}

/** Exports what is batched and stops the SDK; nothing when tracing is off. */
export async function stopTracing(): Promise<void> {
  const stop = shutdown;
  shutdown = null;
  await stop?.();
}
