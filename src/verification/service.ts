import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Caller } from '../auth/index.js';
import { createBroker, planSources } from '../broker/index.js';
import { HubError } from '../errors/index.js';
import { createInProcessScheduler, type PendingGroup } from '../pending/index.js';
import { meansTestAttributes } from '../assessment/index.js';
import { comparisonAttributes, type ReportBody, type ReportVersion } from '../reports/index.js';
import { admit, type Admitted } from './admit.js';
import type { VerificationInput } from './input.js';
import type { BatchItemKey, StoredReport, VerificationDeps, VerificationOptions, WantedFields } from './options.js';
import { firstPollAt, groupFor, pendingGroup, pendingGroupKeys, pendingGroupOf, pollGroup, resumePending } from './pending.js';
import { persistVerification } from './persist.js';
import { storeRevision } from './override.js';
import { readReport, readReportVersions } from './read.js';
import { checkResidence, plansAfterResidence, withResidenceAnswers, type ResidenceAnswers, type ResidenceOutcome } from './residence.js';
import { failAccess, startAccess } from './access.js';
import { retrySources } from './retry.js';

export interface BatchItemOutcome {
  key: BatchItemKey;
  /** ALREADY_DONE: an earlier run of the same item stored its report (a redelivered job). */
  outcome: 'DONE' | 'ALREADY_DONE' | 'REFUSED';
  reportId?: string | null;
  code?: string;
  message?: string;
}

export interface VerificationService {
  request(caller: Caller, input: VerificationInput, wanted: WantedFields): Promise<StoredReport>;
  read(caller: Caller, reportId: string): Promise<StoredReport | null>;
  /** Every signed version of a report, oldest first (audited as `report.versions`); empty for an unknown report. */
  versions(caller: Caller, reportId: string): Promise<ReportVersion[]>;
  /** Asks an INCOMPLETE report's failed sources again (audited); refusals are HubErrors. */
  retrySources(caller: Caller, reportId: string): Promise<StoredReport>;
  /** Verifies the households of a batch chunk together (one DataLoader per source spans them). */
  verifyBatchItems(caller: Caller, purpose: string, items: { key: BatchItemKey; input: VerificationInput }[]): Promise<BatchItemOutcome[]>;
  /** One polling round of a pending group (what the pending-source queue's worker runs). */
  pollGroup(group: PendingGroup): Promise<PendingGroup['tickets']>;
  /** The keys of pending batch groups at least `olderThanMs` old, and one group rebuilt: for the reconciler. */
  pendingGroupKeys(olderThanMs: number): Promise<string[]>;
  pendingGroup(key: string): Promise<PendingGroup | null>;
  /** Schedules the pending sources of stored PENDING reports again (after a restart); returns how many reports. */
  resumePending(): Promise<number>;
  /** Resolves when every pending group this process polls has settled (tests, benchmarks). */
  settled(): Promise<void>;
  /** Stops polling; reports stay PENDING with their tickets stored. */
  close(): Promise<void>;
  /**
   * A new version of a report whose records the caller changed in `trx`, locked with
   * lockReportBody (an accepted objection): recomputed, status recorded, signed, stored (override.ts).
   */
  storeRevision(trx: Knex.Transaction, body: ReportBody): Promise<StoredReport>;
}

/** A batch asks every attribute the purpose allows, and the comparison with the declaration. */
const BATCH_WANTED: WantedFields = { attributes: null, discrepancies: true, assessment: true, unknown: [] };

/**
 * The pipeline, for one household or a batch chunk verified together: admit (checks, refusals
 * recorded) -> plan (sources the attributes need) -> fetch (one DataLoader per source spans the
 * group) -> assemble and persist each household's report in its own transaction -> schedule the
 * pending sources (a batch chunk's on the queue, a single verification's in this process).
 */
async function verifyAdmitted(deps: VerificationDeps, group: Admitted[], residence: ResidenceAnswers | null): Promise<(StoredReport | null)[]> {
  if (group.length === 0) return [];
  const batch = group[0]!.item !== null;
  // A batch asks the same of every household: they share the plan of the first.
  const plans = planSources(deps.catalog, group[0]!.codes);
  const deadlineMs = batch ? (deps.batchDeadlineMs ?? deps.requestDeadlineMs) : deps.requestDeadlineMs;
  const broker = createBroker(deps.connectors, plansAfterResidence(plans, residence), { deadline: Date.now() + deadlineMs, requestId: randomUUID(), onUpstreamCall: deps.onUpstreamCall });
  const fetched = withResidenceAnswers(await broker.fetch(group.flatMap((a) => [...a.v.members, ...a.v.supporters].map((m) => m.idNumber))), plans, residence);
  const key = pendingGroupOf(fetched);
  const stored: (StoredReport | null)[] = [];
  for (const a of group) stored.push(await persistVerification(deps, a, plans, fetched, key));
  const pending = stored.flatMap((s) => (s?.body.status === 'PENDING' ? [s.body] : []));
  if (key && pending.length > 0) {
    const scheduler = batch && deps.pendingQueue ? deps.pendingQueue : deps.inProcess;
    await scheduler.schedule(groupFor(deps, pending, key, firstPollAt(fetched)));
  }
  return stored;
}

/**
 * The agency look-ups of admitted households: the access recorded first (access.ts), then the
 * residence check and the fetch; an error before a household's result is stored closes its access as FAILED.
 */
async function lookUp(deps: VerificationDeps, group: Admitted[]): Promise<{ residence: ResidenceOutcome; stored: (StoredReport | null)[] }> {
  const plans = group[0] ? planSources(deps.catalog, group[0].codes) : [];
  await startAccess(deps, group, plans);
  try {
    const residence = await checkResidence(deps, group, plans);
    return { residence, stored: await verifyAdmitted(deps, residence.kept, residence.answers) };
  } catch (err) {
    await failAccess(deps, group[0]!.caller, group.flatMap((a) => (a.access && !a.access.closed ? [a.access.id] : [])), err);
    throw err;
  }
}

async function request(deps: VerificationDeps, caller: Caller, input: VerificationInput, wanted: WantedFields): Promise<StoredReport> {
  const admitted = await admit(deps, caller, input, wanted, new Date(), null);
  const { residence, stored } = await lookUp(deps, [admitted]);
  if (residence.refused[0]) throw residence.refused[0].error;
  return stored[0]!;
}

async function verifyBatchItems(deps: VerificationDeps, caller: Caller, purpose: string, items: { key: BatchItemKey; input: VerificationInput }[]): Promise<BatchItemOutcome[]> {
  const now = new Date();
  const results: BatchItemOutcome[] = [];
  const admitted: Admitted[] = [];
  for (const { key, input } of items) {
    try {
      admitted.push(await admit(deps, caller, { ...input, purpose }, BATCH_WANTED, now, key));
    } catch (err) {
      if (!(err instanceof HubError)) throw err;
      results.push({ key, outcome: 'REFUSED', code: String(err.extensions.code), message: err.message });
    }
  }
  // The residence check, then the fetch, for the chunk's admitted households together (one call per source).
  const { residence, stored } = await lookUp(deps, admitted);
  for (const { admitted: a, error } of residence.refused) results.push({ key: a.item!, outcome: 'REFUSED', code: String(error.extensions.code), message: error.message });
  for (const [i, a] of residence.kept.entries()) results.push({ key: a.item!, outcome: stored[i] ? 'DONE' : 'ALREADY_DONE', reportId: stored[i]?.body.id ?? null });
  return results;
}

export function createVerificationService(options: VerificationOptions): VerificationService {
  const deps: VerificationDeps = {
    ...options,
    compared: new Set(comparisonAttributes(options.catalog)),
    assessed: new Set(meansTestAttributes(options.catalog)),
    inProcess: createInProcessScheduler((group) => pollGroup(deps, group), options.logger),
  };
  return {
    request: (caller, input, wanted) => request(deps, caller, input, wanted),
    read: (caller, reportId) => readReport(deps, caller, reportId),
    versions: (caller, reportId) => readReportVersions(deps, caller, reportId),
    retrySources: (caller, reportId) => retrySources(deps, caller, reportId),
    verifyBatchItems: (caller, purpose, items) => verifyBatchItems(deps, caller, purpose, items),
    pollGroup: (group) => pollGroup(deps, group),
    pendingGroupKeys: (olderThanMs) => pendingGroupKeys(deps, olderThanMs),
    pendingGroup: (key) => pendingGroup(deps, key),
    resumePending: () => resumePending(deps),
    settled: () => deps.inProcess.idle(),
    close: () => deps.inProcess.close(),
    storeRevision: (trx, body) => storeRevision(deps, trx, body),
  };
}
