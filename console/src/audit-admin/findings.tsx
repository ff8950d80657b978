import { useCallback, useEffect, useState, type FormEvent } from 'react';
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

const ReviewFindingDocument = graphql(`
  mutation ConsoleReviewAuditFinding($id: ID!, $note: String!) {
    reviewAuditFinding(id: $id, note: $note) {
      id
      status
    }
  }
`);

type Finding = ConsoleAuditFindingsQuery['auditFindings'][number];

/** Marks a finding reviewed with what the review found (the note is required: it is the record of the review). */
function ReviewForm({ finding, onReviewed }: { finding: Finding; onReviewed(): void }) {
  const { t, label } = useText();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>(null);
  const id = `finding-note-${finding.id}`;
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!note.trim()) {
      setError(t('aaErrRequired'));
      return;
    }
    setError(undefined);
    request(ReviewFindingDocument, { id: finding.id, note: note.trim() }).then(onReviewed, setFailure);
  }
  return (
    <form className="finding-review" onSubmit={submit} noValidate>
      <label htmlFor={id} className="visually-hidden">
        {t('findingNote')}（{label('findingRule', finding.rule)}）
      </label>
      <input id={id} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('findingNote')} aria-invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : undefined} />
      <button type="submit">{t('findingMarkReviewed')}</button>
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {t('findingNote')}：{error}
        </small>
      )}
      {failure !== null && <ApiError error={failure} />}
    </form>
  );
}

/** Anomalies the rules found in the audit log (docs/AUDIT.md), newest first; masked persons only. */
export function Findings() {
  const { t, label, language } = useText();
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const load = useCallback(() => {
    request(AuditFindingsDocument, { first: 50 }).then((d) => setFindings(d.auditFindings), setFailure);
  }, []);
  useEffect(load, [load]);
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
                  <td>
                    {f.reviewedBy ? `${f.reviewedBy} · ${f.reviewedAt ? formatInstant(f.reviewedAt, language) : ''}${f.note ? ` · ${f.note}` : ''}` : ''}
                    {f.status === 'OPEN' && <ReviewForm finding={f} onReviewed={load} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
