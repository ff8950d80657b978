import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { ConsoleAuditFindingsQuery } from '../gql/graphql';
import { request } from '../graphql-client';
import { useText } from '../language';
import { ApiError } from './api-error';
import { formatInstant } from './format';

const AuditFindingsDocument = graphql(`
  query ConsoleAuditFindings($first: Int) {
    auditFindings(first: $first) {
      id
      rule
      severity
      status
      regionCode
      actorSub
      subjects
      summaryZh
      summaryEn
      foundAt
      evidenceCount
      reviewedBy
      reviewedAt
      note
    }
  }
`);

/** Anomalies the rules found in the audit log (docs/AUDIT.md), newest first; masked persons only. */
export function Findings() {
  const { t, label, language } = useText();
  const [findings, setFindings] = useState<ConsoleAuditFindingsQuery['auditFindings'] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    request(AuditFindingsDocument, { first: 50 }).then((d) => setFindings(d.auditFindings), setFailure);
  }, []);
  return (
    <section aria-labelledby="findings-title" className="panel">
      <h2 id="findings-title">{t('findingsTitle')}</h2>
      {failure !== null && <ApiError error={failure} />}
      {findings === null && failure === null && <p role="status">{t('loading')}</p>}
      {findings?.length === 0 && <p>{t('findingsNone')}</p>}
      {findings && findings.length > 0 && (
        <div className="table-scroll">
          <table data-testid="findings">
            <thead>
              <tr>
                <th scope="col">{t('findingFoundAt')}</th>
                <th scope="col">{t('findingRuleCol')}</th>
                <th scope="col">{t('findingSeverity')}</th>
                <th scope="col">{t('findingStatusCol')}</th>
                <th scope="col">{t('findingSummary')}</th>
                <th scope="col">{t('findingEvidence')}</th>
                <th scope="col">{t('findingReviewed')}</th>
              </tr>
            </thead>
            <tbody>
              {findings.map((f) => (
                <tr key={f.id} className={`severity-${f.severity.toLowerCase()}`}>
                  <td>
                    <time dateTime={f.foundAt}>{formatInstant(f.foundAt, language)}</time>
                  </td>
                  <td>{label('findingRule', f.rule)}</td>
                  <td>{label('severity', f.severity)}</td>
                  <td>{label('findingStatus', f.status)}</td>
                  <td>{language === 'en' ? f.summaryEn : f.summaryZh}</td>
                  <td className="number">{f.evidenceCount}</td>
                  <td>{f.reviewedBy ? `${f.reviewedBy} · ${f.reviewedAt ? formatInstant(f.reviewedAt, language) : ''}${f.note ? ` · ${f.note}` : ''}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
