import type { Knex } from 'knex';
import { recordAssessment } from '../households/index.js';
import { discrepancyTolerances, policyFromVersions } from '../regional-policy/index.js';
import { assessReport, findDiscrepancies, needsAssessment, settlesStatus, updateReport, type ReportBody } from '../reports/index.js';
import type { StoredReport, VerificationDeps } from './options.js';
import { signReport } from './persist.js';

/**
 * Stores a new version of a report whose records the caller changed (an accepted objection's
 * override), inside the caller's transaction, the body locked by it with `lockReportBody`: the
 * comparison with the declaration and the assessment recomputed under the policy versions recorded
 * when the verification was asked for, the household's status recorded again once nothing is
 * pending (dated by the report, so a later report's status stays), a new signature, the new
 * version written. Status, completion time and sources are unchanged. The caller appends its
 * audit event after this, as the last statement of the transaction. The version it replaces is
 * kept in `report_versions` (updateReport), its signature still valid.
 */
export async function storeRevision(deps: VerificationDeps, trx: Knex.Transaction, body: ReportBody): Promise<StoredReport> {
  const policy = await policyFromVersions(trx, body.policy);
  body.discrepancies = findDiscrepancies(deps.catalog, { members: body.members, household: body.household, tolerances: discrepancyTolerances(policy.parameters) });
  if (needsAssessment(body)) body.assessment = assessReport(body, policy, deps.catalog);
  if (settlesStatus(body)) await recordAssessment(trx, body.household.id, body.id, body.household.regionCode, body.createdAt, body.assessment);
  const report = await signReport(deps, body);
  // The version replaced stays fetchable, with its signature (report_versions).
  const revision = await updateReport(trx, report, []);
  // Object.assign keeps the compact JWS a getter, made only if the answer selects it.
  return Object.assign(report, { revision });
}
