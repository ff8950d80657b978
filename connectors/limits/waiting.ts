/** Sleeps `ms`, rejecting with the signal's reason when it aborts; a sleep put in `wake` can be ended early. */
export function sleep(ms: number, signal: AbortSignal, wake?: Set<() => void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const end = (error?: unknown) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      wake?.delete(early);
      if (error === undefined) resolve();
      else reject(error);
    };
    const early = () => end();
    const onAbort = () => end(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(early, ms);
    signal.addEventListener('abort', onAbort, { once: true });
    wake?.add(early);
  });
}

/** Ends the longest-waiting sleep in `wake` early (a Set iterates in insertion order). */
export function wakeOne(wake: Set<() => void> | undefined): void {
  const first = wake?.values().next();
  if (first && !first.done) first.value();
}
