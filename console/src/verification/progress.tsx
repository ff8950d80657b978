import { useEffect, useState } from 'react';
import type { VerificationProgressQuery } from '../gql/graphql';
import { request } from '../graphql-client';
import { useText } from '../language';
import { codeLabel, colon, formatAmount, formatInstant, inParens, listJoin } from './labels';
import { VerificationProgressDocument } from './operations';

/** How often the page reads the report again while a source (a bank) is pending. */
const POLL_MS = 1_000;

type Report = NonNullable<VerificationProgressQuery['verificationReport']>;

interface Props {
  reportId: string;
  sourceName(id: string): string;
}

/** The sources answering live (banks pending, then answered), then the result and the link to the report. */
export function VerificationProgress({ reportId, sourceName }: Props) {
  const { t, language } = useText();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () =>
      request(VerificationProgressDocument, { id: reportId }).then(
        (data) => {
          if (stopped) return;
          setReport(data.verificationReport ?? null);
          if (data.verificationReport?.status === 'PENDING') timer = setTimeout(read, POLL_MS);
        },
        (err: Error) => !stopped && setError(err.message),
      );
    void read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [reportId]);
  if (error) return <p role="alert">{`${t('loadFailed')}${colon(language)}${error}`}</p>;
  if (!report) return <p role="status">{t('loading')}</p>;
  const pending = report.status === 'PENDING';
  return (
    <section aria-labelledby="watch-title" data-testid="progress" data-status={report.status}>
      <h2 id="watch-title">{t('watchTitle')}</h2>
      <p role="status" aria-live="polite">
        {`${t('reportStatus')}${colon(language)}${codeLabel(language, 'reportStatus', report.status)}${language === 'en' ? '. ' : '。'}${pending ? t('watchPending') : t('watchDone')}`}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('source')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('latency')}</th>
            <th scope="col">{t('answeredAt')}</th>
          </tr>
        </thead>
        <tbody>
          {report.sources.map((s) => (
            <tr key={s.source} data-source={s.source} data-status={s.status}>
              <td>{sourceName(s.source)}</td>
              <td className={`source-${s.status.toLowerCase()}`}>{codeLabel(language, 'sourceStatus', s.status)}</td>
              <td className="number">{s.status === 'PENDING' ? '…' : Math.round(s.latencyMs)}</td>
              <td>{formatInstant(s.answeredAt, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!pending && (
        <section aria-labelledby="result-title" data-testid="result">
          <h2 id="result-title">{t('resultTitle')}</h2>
          <ul>
            {(report.assessment?.eligibility ?? []).map((e) => (
              <li key={e.programme}>
                <strong>{language === 'en' ? e.labelEn : e.labelZh}</strong>
                {colon(language)}
                {codeLabel(language, 'conclusion', e.conclusion)}
                {e.benefit && `${language === 'en' ? ', ' : '，'}${t('benefit')} ${t('perMonth', { amount: formatAmount(e.benefit.total.value, language) })}${e.benefit.provisional ? inParens(language, t('benefitProvisional')) : ''}`}
              </li>
            ))}
          </ul>
          <p>{report.discrepancies.length === 0 ? t('noDiscrepancies') : `${t('discrepanciesSection')}${colon(language)}${listJoin(language, report.discrepancies.map((d) => codeLabel(language, 'discrepancy', d.kind)))}`}</p>
          <p>
            <a className="button primary" href={`/console/reports/${report.id}`}>
              {t('openReport')}
            </a>
          </p>
        </section>
      )}
    </section>
  );
}
