import type { Knex } from 'knex';
import * as foundation from './20261123_001_foundation.js';
import * as reportStatus from './20261123_002_report_status.js';
import * as auditRegion from './20261123_003_audit_region.js';
import * as policies from './20261123_004_policies_and_assessments.js';
import * as batches from './20261123_005_batches.js';
import * as changesAndWebhooks from './20261123_006_changes_and_webhooks.js';
import * as ticketGroups from './20261123_007_ticket_groups.js';
import * as incompleteReports from './20261127_008_incomplete_reports.js';
import * as assistanceRecords from './20261127_009_assistance_records.js';
import * as consentDocuments from './20261127_010_consent_documents.js';
import * as webhookAllowedHosts from './20261127_011_webhook_allowed_hosts.js';
import * as objections from './20261127_012_objections.js';
import * as reportVersions from './20261127_013_report_versions.js';
import * as auditAppendOnly from './20261127_014_audit_append_only.js';
import * as securityLog from './20261127_015_security_log.js';
import * as auditFindings from './20261127_016_audit_findings.js';
import * as encryptionAtRest from './20261127_017_encryption_at_rest.js';
import * as auditAppendFunction from './20261127_018_audit_append_function.js';
import * as reviewScheduleTimeZone from './20261127_024_review_schedule_time_zone.js';

/**
 * The migrations in order. Listed here rather than discovered on disk, so the same code runs under
 * tsx, vitest and a compiled build without knex having to load TypeScript files itself.
 */
const MIGRATIONS: readonly [string, Knex.Migration][] = [
  ['20261123_001_foundation', foundation],
  ['20261123_002_report_status', reportStatus],
  ['20261123_003_audit_region', auditRegion],
  ['20261123_004_policies_and_assessments', policies],
  ['20261123_005_batches', batches],
  ['20261123_006_changes_and_webhooks', changesAndWebhooks],
  ['20261123_007_ticket_groups', ticketGroups],
  ['20261127_008_incomplete_reports', incompleteReports],
  ['20261127_009_assistance_records', assistanceRecords],
  ['20261127_010_consent_documents', consentDocuments],
  ['20261127_011_webhook_allowed_hosts', webhookAllowedHosts],
  ['20261127_012_objections', objections],
  ['20261127_013_report_versions', reportVersions],
  ['20261127_014_audit_append_only', auditAppendOnly],
  ['20261127_015_security_log', securityLog],
  ['20261127_016_audit_findings', auditFindings],
  ['20261127_017_encryption_at_rest', encryptionAtRest],
  ['20261127_018_audit_append_function', auditAppendFunction],
  ['20261127_024_review_schedule_time_zone', reviewScheduleTimeZone],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};
