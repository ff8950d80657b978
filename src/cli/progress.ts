import { Transform } from 'node:stream';
import { SingleBar } from 'cli-progress';

export interface ProgressBar {
  start(total: number): void;
  update(value: number, left?: number | null): void;
  stop(): void;
}

const NO_BAR: ProgressBar = { start: () => undefined, update: () => undefined, stop: () => undefined };

/** Progress on stderr, only when stderr is a terminal (a log file gets no bar). */
export function progressBar(label: string, unit: 'bytes' | 'households'): ProgressBar {
  if (!process.stderr.isTTY) return NO_BAR;
  const bar = new SingleBar({
    stream: process.stderr,
    // The hub's own estimate of the time left (secondsLeft) is shown for verification.
    format: `${label} |{bar}| {percentage}% | {value}/{total}${unit === 'bytes' ? '' : ' households{left}'}`,
    formatValue: (value, _options, type) => (unit === 'bytes' && (type === 'value' || type === 'total') ? size(value) : String(value)),
    hideCursor: true,
    barsize: 30,
    etaBuffer: 20,
  });
  let started = false;
  return {
    start(total) {
      bar.start(Math.max(total, 1), 0, { left: '' });
      started = true;
    },
    update(value, left) {
      if (started) bar.update(value, { left: left === null || left === undefined ? '' : ` | about ${Math.ceil(left)}s left` });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function size(bytes: number): string {
  if (bytes < 1_024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${(bytes / 1_024).toFixed(1)} KiB`;
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

/** Passes file bytes on, telling how many have been read so far (for a bar over the file's size). */
export function countingBytes(onBytes: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}
