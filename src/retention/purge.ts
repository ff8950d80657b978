import type { Knex } from 'knex';
import { appendAuditEvents, type AuditEvent } from '../audit/index.js';
import { purgeItemInputs } from '../batches/index.js';
import { purgeChangeDetails } from '../changes/index.js';
import { inTransaction } from '../db/index.js';
import { deletePersons, refusedOnlyPersons, type RefusedOnlyPerson } from '../households/index.js';
import { agedReports, purgeReportBodies, type AgedReport } from '../reports/index.js';
import { purgeDeclarations } from '../verification/index.js';
import { policiesInForce, policyFor, type RetentionPolicy } from './policies.js';

export interface PurgeSummary {
  /** Persons named only in refused requests, removed. */
  persons: number;
  /** Reports whose bodies (with declarations, batch inputs and change details) were removed. */
  reports: number;
}

const PAGE = 500;
// Reports purged (and audited) per transaction: the audit append, last in it, stays short.
const REPORTS_PER_TRANSACTION = 100;
const DAY_MS = 86_400_000;

/** The purge acts as the hub itself; its events are seen by auditors of the data's region (national for none). */
const actorFor = (regionCode: string | null): AuditEvent['actor'] => ({ sub: 'retention-policy', org: regionCode ?? '000000', roles: [] });

const policyFacts = (p: RetentionPolicy) => ({ policyId: p.id, policyRegion: p.regionCode, effectiveFrom: p.effectiveFrom, basis: p.basis });

const minDays = (policies: readonly RetentionPolicy[], pick: (p: RetentionPolicy) => number) => Math.min(...policies.map(pick));

/** Persons named only in refused requests whose period is over: removed with one audit event per policy and page. */
async function purgePersons(db: Knex, policies: readonly RetentionPolicy[], now: Date): Promise<number> {
  const before = new Date(now.getTime() - minDays(policies, (p) => p.refusedPersonDays) * DAY_MS);
  let purged = 0;
  let after: RefusedOnlyPerson | null = null;
  for (;;) {
    const page = await refusedOnlyPersons(db, before, after, PAGE);
    if (page.length === 0) return purged;
    after = page.at(-1)!;
    const due = new Map<RetentionPolicy, RefusedOnlyPerson[]>();
    for (const p of page) {
      const policy = policyFor(policies, p.regionCode);
      if (p.lastNamedAt.getTime() < now.getTime() - policy.refusedPersonDays * DAY_MS) due.set(policy, [...(due.get(policy) ?? []), p]);
    }
    for (const [policy, persons] of due) {
      purged += await inTransaction(db, async (trx) => {
        const removed = await deletePersons(trx, persons.map((p) => p.id));
        if (removed.length === 0) return 0;
        await appendAuditEvents(trx, [
          {
            action: 'retention.purge',
            outcome: 'ALLOWED',
            actor: actorFor(policy.regionCode),
            regionCode: policy.regionCode,
            subjectIds: removed,
            details: { purged: 'persons named only in refused requests', persons: removed.length, keptDays: policy.refusedPersonDays, ...policyFacts(policy) },
          },
        ]);
        return removed.length;
      });
    }
  }
}

/** One transaction: the reports' bodies, their declarations, batch inputs and change details, and an audit event per report. */
async function purgeReportGroup(db: Knex, policy: RetentionPolicy, reports: readonly AgedReport[]): Promise<number> {
  return inTransaction(db, async (trx) => {
    const ids = reports.map((r) => r.id);
    const n = await purgeReportBodies(trx, ids);
    const removed = { declarations: await purgeDeclarations(trx, reports.map((r) => r.requestId)), batchInputs: await purgeItemInputs(trx, ids), changeDetails: await purgeChangeDetails(trx, ids) };
    await appendAuditEvents(
      trx,
      reports.map((r) => ({
        action: 'retention.purge',
        outcome: 'ALLOWED' as const,
        actor: actorFor(r.regionCode),
        regionCode: r.regionCode,
        reportId: r.id,
        requestId: r.requestId,
        details: { purged: 'report body and versions, declaration, batch input, change details', reportCreatedAt: r.createdAt.toISOString(), keptDays: policy.reportDays, ...policyFacts(policy), removedWithIt: removed },
      })),
    );
    return n;
  });
}

/** Reports older than their region's period: purged a group at a time. */
async function purgeReports(db: Knex, policies: readonly RetentionPolicy[], now: Date): Promise<number> {
  const before = new Date(now.getTime() - minDays(policies, (p) => p.reportDays) * DAY_MS);
  let purged = 0;
  let after: AgedReport | null = null;
  for (;;) {
    const page = await agedReports(db, before, after, PAGE);
    if (page.length === 0) return purged;
    after = page.at(-1)!;
    const due = new Map<RetentionPolicy, AgedReport[]>();
    for (const r of page) {
      const policy = policyFor(policies, r.regionCode);
      if (r.createdAt.getTime() < now.getTime() - policy.reportDays * DAY_MS) due.set(policy, [...(due.get(policy) ?? []), r]);
    }
    for (const [policy, reports] of due) {
      for (let i = 0; i < reports.length; i += REPORTS_PER_TRANSACTION) purged += await purgeReportGroup(db, policy, reports.slice(i, i + REPORTS_PER_TRANSACTION));
    }
  }
}

/**
 * Applies the retention policies in force today (`now`, UTC day): removes the personal data whose
 * period is over, each purge audited in its own transaction. Audit events themselves are not
 * touched (the audit log's own retention is separate: docs/AUDIT.md).
 */
export async function purgeExpired(db: Knex, now: Date = new Date()): Promise<PurgeSummary> {
  const policies = await policiesInForce(db, now.toISOString().slice(0, 10));
  if (policies.length === 0) return { persons: 0, reports: 0 };
  return { persons: await purgePersons(db, policies, now), reports: await purgeReports(db, policies, now) };
}
