import '../audit-admin/audit-admin.css';
import { AuditLog } from '../audit-admin/audit-log';
import { ChainStatus } from '../audit-admin/chain-status';
import { Findings } from '../audit-admin/findings';
import { SecurityEvents } from '../audit-admin/security-events';

/**
 * Auditors (role auditor, inside their jurisdiction): the audit log with its filters, the hash
 * chains' state, the anomaly findings and the security log. Values never appear: the API masks ID
 * numbers and gives attribute codes only, and this page adds nothing.
 */
export function AuditPage() {
  return (
    <div className="audit-page">
      <ChainStatus />
      <AuditLog />
      <Findings />
      <SecurityEvents />
    </div>
  );
}
