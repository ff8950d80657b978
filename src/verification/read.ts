import { recordAuditEventGrouped } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import { requireJurisdiction, requireRole } from '../policy/index.js';
import { findReport, readEvent, reportVersions, type ReportVersion } from '../reports/index.js';
import type { StoredReport, VerificationDeps } from './options.js';

/**
 * A stored report for a caller who may read it, the read audited (the values are released again):
 * returned only once its event has committed, in a group with other reads' (src/audit group commit).
 */
export async function readReport(deps: VerificationDeps, caller: Caller, reportId: string): Promise<StoredReport | null> {
  requireRole(caller, 'readReport');
  if (!/^[0-9a-f-]{36}$/i.test(reportId)) throw new HubError('BAD_USER_INPUT', 'id: not a report id', { field: 'id' });
  const report = await findReport(deps.db, reportId);
  if (!report) return null;
  requireJurisdiction(caller, report.body.household.regionCode, 'id');
  await recordAuditEventGrouped(deps.db, readEvent(report.body, caller, report.sha256));
  return report;
}

/**
 * Every signed version of a report, oldest first, the current one last (an accepted objection, a
 * bank's answer or sources asked again each stored a new one): for a caller who may read the
 * report, within its jurisdiction, audited like a read (`report.versions`, naming the revisions);
 * empty for an unknown report.
 */
export async function readReportVersions(deps: Pick<VerificationDeps, 'db'>, caller: Caller, reportId: string): Promise<ReportVersion[]> {
  requireRole(caller, 'readReport');
  if (!/^[0-9a-f-]{36}$/i.test(reportId)) throw new HubError('BAD_USER_INPUT', 'reportId: not a report id', { field: 'reportId' });
  const versions = await reportVersions(deps.db, reportId);
  const current = versions.at(-1);
  if (!current) return [];
  requireJurisdiction(caller, current.body.household.regionCode, 'reportId');
  const read = readEvent(current.body, caller, current.sha256);
  // The versions release what the current one does and what earlier ones held.
  const attributeCodes = [...new Set(versions.flatMap((v) => readEvent(v.body, caller, v.sha256).attributeCodes ?? []))];
  await recordAuditEventGrouped(deps.db, { ...read, action: 'report.versions', attributeCodes, details: { ...read.details, revisions: versions.map((v) => ({ revision: v.revision, reportSha256: v.sha256 })) } });
  return versions;
}
