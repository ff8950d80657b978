import { deepFreeze } from '../deep-freeze.js';
import type { ReportBody } from './report.js';

/**
 * Report versions this process opened recently: the plaintext bytes and the parsed body, by
 * report id, kept for `seconds` at most and `entries` at most (oldest first out). Opening a sealed
 * 4-member report (the bytea read, AES-GCM, UTF-8 decoding and JSON.parse of ~70 KB) cost more
 * than a quarter of a full-household read (issue 15), and reports are read again soon after: an
 * assistance system polls a pending one, a caseworker opens and prints one.
 *
 * Safe to serve because a version is used only when the row read for this very request has the
 * same revision and body hash (findReport), so a new version, a purged body or another database
 * never gets a kept one; every read is still authorised and audited as before. What it costs in
 * data protection (docs/AUDIT.md): decrypted reports stay in the hub's memory up to `seconds`
 * after their last read instead of until the next garbage collection; REPORT_CACHE_ENTRIES=0 turns
 * it off. Bodies are frozen: a reader that changed one would change every later reader's.
 */
export interface OpenedVersion {
  body: ReportBody;
  /** The signed bytes (canonical JSON), for the compact JWS. */
  bytes: Buffer;
}

interface Kept {
  revision: number;
  sha256: string;
  opened: OpenedVersion;
  until: number;
}

const kept = new Map<string, Kept>();
let limits = { entries: 64, seconds: 30 };

/** Sets how many opened versions are kept and for how long (REPORT_CACHE_ENTRIES, REPORT_CACHE_SECONDS); 0 entries: none. */
export function configureOpenedReports(entries: number, seconds: number): void {
  if (!Number.isInteger(entries) || entries < 0) throw new RangeError(`report cache entries: ${entries} is not a whole number >= 0`);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`report cache seconds: ${seconds} is not a number > 0`);
  limits = { entries, seconds };
  kept.clear();
}

/** The revision and hash of the version kept for a report (what findReport asks the row to match), or null. */
export function keptRevision(reportId: string): { revision: number; sha256: string } | null {
  const k = kept.get(reportId);
  if (!k) return null;
  if (k.until > Date.now()) return { revision: k.revision, sha256: k.sha256 };
  kept.delete(reportId);
  return null;
}

/** The kept version if it is this revision with this hash; its time renewed. */
export function takeKept(reportId: string, revision: number, sha256: string): OpenedVersion | null {
  const k = kept.get(reportId);
  if (!k || k.revision !== revision || k.sha256 !== sha256 || k.until <= Date.now()) return null;
  // Renewed and moved to the back of the eviction order.
  kept.delete(reportId);
  kept.set(reportId, { ...k, until: Date.now() + limits.seconds * 1000 });
  return k.opened;
}

/** Keeps a version just opened (its body frozen); returns it. */
export function keep(reportId: string, revision: number, sha256: string, opened: OpenedVersion): OpenedVersion {
  if (limits.entries === 0) return opened;
  deepFreeze(opened.body);
  kept.delete(reportId);
  while (kept.size >= limits.entries) kept.delete(kept.keys().next().value!);
  kept.set(reportId, { revision, sha256, opened, until: Date.now() + limits.seconds * 1000 });
  return opened;
}

/** Drops the kept versions of these reports (their bodies purged). */
export function forgetOpened(reportIds: readonly string[]): void {
  for (const id of reportIds) kept.delete(id);
}
