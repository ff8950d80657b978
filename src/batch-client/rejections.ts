import type { Args } from './args.js';
import type { Rejected } from './errors.js';

/** At most this many rejected lines are listed; the count says how many there were. */
export const MAX_REJECTED_LISTED = 1_000;

/** What the client itself rejected while reading the file, and where each line sent came from. */
export interface ReadState {
  rejected: Rejected[];
  rejectedCount: number;
  /** The CSV line of each NDJSON line sent (index = NDJSON line - 1): maps the hub's rejections back. */
  csvLineOf: number[];
}

export function newReadState(): ReadState {
  return { rejected: [], rejectedCount: 0, csvLineOf: [] };
}

export function reject(state: ReadState, line: number, reason: string, code?: string): void {
  state.rejectedCount += 1;
  if (state.rejected.length < MAX_REJECTED_LISTED) state.rejected.push({ line, reason, ...(code ? { code } : {}) });
}

/** The hub numbers the NDJSON lines it received; for a CSV or .xlsx file these are mapped back to its lines (rows). */
export function toFileLines(args: Args, state: ReadState, rejected: Rejected[]): Rejected[] {
  return args.format !== 'jsonl' ? rejected.map((r) => ({ ...r, line: state.csvLineOf[r.line - 1] ?? r.line })) : rejected;
}

export function sortedRejections(list: Rejected[]): Rejected[] {
  return [...list].sort((a, b) => a.line - b.line).slice(0, MAX_REJECTED_LISTED);
}
