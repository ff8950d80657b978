import { recordAuditEvents } from '../audit/index.js';
import type { Caller } from '../auth/index.js';
import { HubError } from '../errors/index.js';
import { requireJurisdiction, requireRole } from '../policy/index.js';
import { findReport, readEvent } from '../reports/index.js';
import type { StoredReport, VerificationDeps } from './options.js';

/** A stored report for a caller who may read it, the read audited (the values are released again). */
export async function readReport(deps: VerificationDeps, caller: Caller, reportId: string): Promise<StoredReport | null> {
  requireRole(caller, 'readReport');
  if (!/^[0-9a-f-]{36}$/i.test(reportId)) throw new HubError('BAD_USER_INPUT', 'id: not a report id', { field: 'id' });
  const report = await findReport(deps.db, reportId);
  if (!report) return null;
  requireJurisdiction(caller, report.body.household.regionCode, 'id');
  await recordAuditEvents(deps.db, [readEvent(report.body, caller, report.sha256)]);
  return report;
}
