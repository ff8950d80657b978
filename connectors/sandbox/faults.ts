import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { HttpProblem, readJson, send } from './http.js';
import { statsOf, type SandboxState } from './state.js';

/**
 * Injected faults (docs/SANDBOX.md "Fault injection"): a source, or every source (`*`), answers
 * every call badly for `seconds`, then the fault clears itself. Unlike the behaviour settings
 * (rates drawn per call), a fault is certain and temporary, so a test or a demo knows what the
 * hub will see.
 */
export const FAULT_MODES = ['down', 'slow', 'rate-limited', 'hang'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** How long a `slow` source makes each call wait when the request does not say. */
const DEFAULT_DELAY_SECONDS = 3;

const faultSchema = z
  .strictObject({
    source: z.string().min(1),
    mode: z.enum(FAULT_MODES),
    /** How long the fault lasts. */
    seconds: z.number().positive().max(86_400),
    /** `slow` only: the wait added to every call. */
    delaySeconds: z.number().positive().max(600).optional(),
  })
  .refine((f) => f.delaySeconds === undefined || f.mode === 'slow', { message: 'only for mode "slow"', path: ['delaySeconds'] });

export type FaultRequest = z.input<typeof faultSchema>;

/** An active fault as listed by `GET /sandbox/faults` and `sandbox.faults()`. */
export interface ActiveFault {
  source: string;
  mode: FaultMode;
  seconds: number;
  delaySeconds: number | null;
  until: string;
}

/** A fault in force: what it does, when it ends, and how calls waiting on it are let go when it does. */
export interface Fault {
  listed: ActiveFault;
  untilMs: number;
  timer: NodeJS.Timeout;
  ended: Promise<void>;
  end(): void;
}

function parseFault(state: SandboxState, body: unknown): z.output<typeof faultSchema> {
  const parsed = faultSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issue.keys[0]! : issue.path.map(String).join('.');
    const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    throw new HttpProblem(400, 'BAD_REQUEST', `${field || 'body'}: ${message}`, field || undefined);
  }
  if (parsed.data.source !== '*' && !state.cat.source(parsed.data.source)) {
    throw new HttpProblem(400, 'BAD_REQUEST', `source: no agency source ${parsed.data.source} (or * for every source)`, 'source');
  }
  return parsed.data;
}

function endFault(state: SandboxState, key: string): boolean {
  const fault = state.faults.get(key);
  if (!fault) return false;
  state.faults.delete(key);
  clearTimeout(fault.timer);
  fault.end();
  return true;
}

/** Starts a fault (replacing the source's current one); it clears itself after `seconds`. */
export function injectFault(state: SandboxState, body: unknown): ActiveFault {
  const f = parseFault(state, body);
  endFault(state, f.source);
  const untilMs = Date.now() + f.seconds * 1000;
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const timer = setTimeout(() => endFault(state, f.source), f.seconds * 1000);
  timer.unref();
  const listed: ActiveFault = {
    source: f.source,
    mode: f.mode,
    seconds: f.seconds,
    delaySeconds: f.mode === 'slow' ? (f.delaySeconds ?? DEFAULT_DELAY_SECONDS) : null,
    until: new Date(untilMs).toISOString(),
  };
  state.faults.set(f.source, { listed, untilMs, timer, ended, end });
  return listed;
}

/** Ends the fault of one source (or of `*`), or every fault when no source is given. Returns how many ended. */
export function clearFaults(state: SandboxState, source?: string): number {
  if (source !== undefined) return endFault(state, source) ? 1 : 0;
  let cleared = 0;
  for (const key of [...state.faults.keys()]) if (endFault(state, key)) cleared++;
  return cleared;
}

export function listFaults(state: SandboxState): ActiveFault[] {
  return [...state.faults.values()].map((f) => f.listed);
}

/** Waits `ms`, or less if the fault ends first (its timer then goes too: a cleared fault keeps nothing running). */
async function delay(ms: number, ended: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), ended]);
  clearTimeout(timer);
}

/**
 * Applies the fault in force for a source (its own before `*`) to one call, whatever the call:
 * health, query, inquiry or ticket poll. `down` answers 503; `rate-limited` 429 with a
 * Retry-After of the fault's remaining seconds; `slow` waits `delaySeconds` (less if the fault
 * ends first) and lets the call go on; `hang` answers nothing until the client gives up, or
 * 504 once the fault ends.
 */
export async function applyFault(state: SandboxState, sourceId: string, res: ServerResponse): Promise<void> {
  const fault = state.faults.get(sourceId) ?? state.faults.get('*');
  if (!fault || fault.untilMs <= Date.now()) return;
  const { mode, delaySeconds } = fault.listed;
  const remaining = Math.max(1, Math.ceil((fault.untilMs - Date.now()) / 1000));
  switch (mode) {
    case 'down':
      statsOf(state, sourceId).failed++;
      throw new HttpProblem(503, 'UNAVAILABLE', `agency down (injected fault, ${remaining} s left)`);
    case 'rate-limited':
      statsOf(state, sourceId).rateLimited++;
      throw new HttpProblem(429, 'RATE_LIMITED', `rate limited (injected fault, ${remaining} s left)`, undefined, { 'retry-after': String(remaining) });
    case 'slow':
      await delay(delaySeconds! * 1000, fault.ended);
      return;
    case 'hang':
      await Promise.race([fault.ended, new Promise((resolve) => res.once('close', resolve))]);
      throw new HttpProblem(504, 'UPSTREAM_TIMEOUT', 'agency back end did not answer (injected hang ended)');
  }
}

/** `/sandbox/faults[/<source>]`: list, inject and clear faults. False when no route matches. */
export async function routeFaults(state: SandboxState, parts: string[], req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (parts.length === 2 && method === 'GET') {
    send(res, 200, { faults: listFaults(state) });
  } else if (parts.length === 2 && method === 'POST') {
    send(res, 201, { fault: injectFault(state, await readJson(req)) });
  } else if (parts.length === 2 && method === 'DELETE') {
    send(res, 200, { cleared: clearFaults(state) });
  } else if (parts.length === 3 && method === 'DELETE') {
    const source = decodeURIComponent(parts[2]!);
    if (source !== '*' && !state.cat.source(source)) throw new HttpProblem(404, 'UNKNOWN_SOURCE', `no agency source ${source}`, 'source');
    send(res, 200, { cleared: clearFaults(state, source) });
  } else {
    return false;
  }
  return true;
}
