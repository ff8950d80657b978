import type { Knex } from 'knex';
import { appendAuditEvents, recordAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { inTransaction } from '../db/index.js';
import { HubError } from '../errors/index.js';
import { inJurisdiction, requireJurisdiction } from '../policy/index.js';
import { checkText, requireUuid } from '../validation/index.js';
import { evidenceEvents, maskedSubjects, type EvidenceEvent } from './evidence.js';
import { FINDING_RULES, FINDING_STATUSES, type FindingRule, type FindingStatus } from './model.js';
import { runFindings, type RunOptions, type RunResult } from './runner.js';
import { listFindings, lockFinding, markReviewed, type StoredFinding } from './store.js';
import { describeFinding } from './summary.js';

/** A finding as an auditor sees it: masked subjects, its evidence within the jurisdiction, read out in Chinese and English. */
export interface FindingView {
  id: string;
  seq: number;
  rule: FindingRule;
  severity: string;
  status: FindingStatus;
  regionCode: string | null;
  actorSub: string | null;
  actorOrg: string | null;
  subjects: string[];
  summaryZh: string;
  summaryEn: string;
  params: Record<string, unknown>;
  foundAt: string;
  updatedAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  note: string | null;
  /** Evidence events in all; `evidence` holds those inside the auditor's jurisdiction. */
  evidenceCount: number;
  evidence: EvidenceEvent[];
}

export interface FindingQuery {
  rule?: string | null;
  status?: string | null;
  actorSub?: string | null;
  since?: Date | null;
  until?: Date | null;
  regionCode?: string | null;
}

async function view(db: Knex, jurisdiction: string, f: StoredFinding): Promise<FindingView> {
  const summary = describeFinding(f.rule, f.params, f.evidenceSeqs.length);
  const masked = await maskedSubjects(db, f.subjectIds);
  return {
    id: f.id,
    seq: f.seq,
    rule: f.rule,
    severity: f.severity,
    status: f.status,
    regionCode: f.regionCode,
    actorSub: f.actorSub,
    actorOrg: f.actorOrg,
    subjects: f.subjectIds.map((id) => masked.get(id) ?? '?'),
    summaryZh: summary.zh,
    summaryEn: summary.en,
    params: f.params,
    foundAt: f.foundAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    reviewedBy: f.reviewedBy,
    reviewedAt: f.reviewedAt?.toISOString() ?? null,
    note: f.note,
    evidenceCount: f.evidenceSeqs.length,
    evidence: await evidenceEvents(db, jurisdiction, f.evidenceSeqs),
  };
}

function oneOf<T extends string>(value: string | null | undefined, allowed: readonly T[], field: string): T | null {
  if (value === null || value === undefined) return null;
  if (!(allowed as readonly string[]).includes(value)) throw new HubError('BAD_USER_INPUT', `${field}: one of ${allowed.join(', ')}`, { field });
  return value as T;
}

/**
 * Findings about households in the auditor's jurisdiction or actors working in it, newest first;
 * a `regionCode` outside it is OUT_OF_JURISDICTION. The read is audited (`action`).
 */
export async function auditFindings(db: Knex, caller: Caller, filter: FindingQuery, first: number, before: number | null, action: string): Promise<FindingView[]> {
  const rule = oneOf(filter.rule, FINDING_RULES, 'filter.rule');
  const status = oneOf(filter.status, FINDING_STATUSES, 'filter.status');
  if (filter.regionCode) requireJurisdiction(caller, filter.regionCode, 'filter.regionCode');
  const found = await listFindings(db, caller.org, { ...filter, rule, status }, first, before);
  const views: FindingView[] = [];
  for (const f of found) views.push(await view(db, caller.org, f));
  await recordAuditEvents(db, [{ action, outcome: 'ALLOWED', actor: caller, regionCode: filter.regionCode ?? null, details: { filter: { ...filter, since: filter.since?.toISOString() ?? null, until: filter.until?.toISOString() ?? null }, returned: views.length, findings: views.map((v) => v.id) } }]);
  return views;
}

const MAX_NOTE = 2_000;

/**
 * An auditor's review of a finding, in one transaction: the finding locked, REVIEWED with the
 * note, and the review's audit event appended last. Refused: a finding outside the jurisdiction
 * (OUT_OF_JURISDICTION), one reviewed before (ALREADY_REVIEWED), an empty note.
 */
export async function reviewAuditFinding(db: Knex, caller: Caller, id: string, note: string, action: string): Promise<FindingView> {
  requireUuid(id, 'id');
  const text = checkText(String(note ?? '').trim(), 'note', MAX_NOTE, true);
  if (text.length === 0) throw new HubError('BAD_USER_INPUT', `note: what the review found, 1 to ${MAX_NOTE} characters`, { field: 'note' });
  const reviewed = await inTransaction(db, async (trx) => {
    const f = await lockFinding(trx, id);
    if (!f) throw new HubError('BAD_USER_INPUT', 'id: no finding with this id', { field: 'id' });
    // Visible as in the listing: the household's region or the actor's organisation inside the jurisdiction.
    if (![f.regionCode, f.actorOrg].some((r) => r !== null && inJurisdiction(caller, r))) {
      throw new HubError('OUT_OF_JURISDICTION', `id: the finding concerns region ${f.regionCode ?? f.actorOrg}, outside the jurisdiction of organisation region ${caller.org}`, { field: 'id' });
    }
    if (f.status === 'REVIEWED') throw new HubError('ALREADY_REVIEWED', 'id: the finding was reviewed already', { field: 'id' });
    const done = await markReviewed(trx, id, caller.sub, text);
    await appendAuditEvents(trx, [{ action, outcome: 'ALLOWED', actor: caller, regionCode: f.regionCode, subjectIds: f.subjectIds, details: { finding: f.id, rule: f.rule, evidence: f.evidenceSeqs.length } }]);
    return done;
  });
  return view(db, caller.org, reviewed);
}

/** Runs the rules now (an auditor's or admin's request) and records the run (`action`). */
export async function runAuditFindings(db: Knex, caller: Caller, action: string, options: RunOptions = {}): Promise<RunResult> {
  const result = await runFindings(db, options);
  await recordAuditEvents(db, [{ action, outcome: 'ALLOWED', actor: caller, details: { ...result } }]);
  return result;
}
