import { useCallback, useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { ConsoleBatchQuery, ConsoleBatchResultsQuery } from '../gql/graphql';
import { request } from '../graphql-client';
import { useText } from '../language';
import { formatNumber, formatTime } from './format';
import { batchStatusLabel, labelOf } from './labels';

const BatchDocument = graphql(`
  query ConsoleBatch($id: ID!) {
    batch(id: $id) {
      id
      purpose
      status
      total
      chunkSize
      createdAt
      startedAt
      finishedAt
      counts {
        queued
        running
        done
        refused
        failed
        cancelled
      }
      pendingSources
      householdsPerSecond
      secondsLeft
    }
  }
`);

const BatchResultsDocument = graphql(`
  query ConsoleBatchResults($id: ID!, $first: Int, $after: Int) {
    batchResults(id: $id, first: $first, after: $after) {
      items {
        seq
        status
        externalRef
        regionCode
        reportId
        errorCode
        errorMessage
        reportStatus
        circle
        hardshipIndex
        undeclaredItemsFound
      }
      nextAfter
    }
  }
`);

const CancelBatchDocument = graphql(`
  mutation ConsoleCancelBatch($id: ID!) {
    cancelBatch(id: $id) {
      id
      status
    }
  }
`);

type Batch = ConsoleBatchQuery['batch'];
type Result = ConsoleBatchResultsQuery['batchResults']['items'][number];
const POLL_MS = 1_000;
const RESULTS_PAGE = 100;
const FINISHED = new Set(['DONE', 'CANCELLED']);
const COUNTS = ['queued', 'running', 'done', 'refused', 'failed', 'cancelled'] as const;

/** A batch followed live (polled every second until DONE or CANCELLED): counts, cancel, results per household, CSV download. */
export function BatchProgress({ id }: { id: string }) {
  const { t, language } = useText();
  const [batch, setBatch] = useState<Batch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<{ items: Result[]; nextAfter: number | null } | null>(null);
  const finished = batch !== null && FINISHED.has(batch.status);

  const poll = useCallback(async () => {
    try {
      setBatch((await request(BatchDocument, { id })).batch);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [id]);

  useEffect(() => {
    void poll();
    if (finished) return undefined;
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [poll, finished]);

  const loadResults = useCallback(
    async (after: number, previous: Result[]) => {
      try {
        const page = (await request(BatchResultsDocument, { id, first: RESULTS_PAGE, after })).batchResults;
        setResults({ items: [...previous, ...page.items], nextAfter: page.nextAfter ?? null });
      } catch (err) {
        setError((err as Error).message);
      }
    },
    [id],
  );

  // Results are read once the batch has finished (and again after a cancel).
  useEffect(() => {
    if (finished) void loadResults(0, []);
  }, [finished, loadResults]);

  async function cancel() {
    if (!window.confirm(t('btCancelConfirm'))) return;
    try {
      await request(CancelBatchDocument, { id });
      await poll();
    } catch (err) {
      setError((err as Error).message);
    }
  }

  if (!batch) return error ? <p role="alert" className="hh-error" data-testid="bt-error">{error}</p> : <p role="status">{t('loading')}</p>;
  const processed = batch.counts.done + batch.counts.refused + batch.counts.failed + batch.counts.cancelled;
  return (
    <section aria-labelledby="bt-progress-title" className="hh-panel">
      <h2 id="bt-progress-title">
        {t('btProgress')} <small>· {t('btBatchId')} <code>{batch.id}</code></small>
      </h2>
      {error && (
        <p role="alert" className="hh-error" data-testid="bt-error">
          {error}
        </p>
      )}
      <dl className="hh-facts">
        <dt>{t('btStatus')}</dt>
        <dd data-testid="bt-status">{batchStatusLabel(batch.status, language)}</dd>
        <dt>{t('btPurpose')}</dt>
        <dd>{labelOf('purpose', batch.purpose, language)}</dd>
        <dt>{t('btCreatedAt')}</dt>
        <dd>{formatTime(batch.createdAt, language)}</dd>
        {batch.finishedAt && (
          <>
            <dt>{t('btFinishedAt')}</dt>
            <dd>{formatTime(batch.finishedAt, language)}</dd>
          </>
        )}
        <dt>{t('btPendingSources')}</dt>
        <dd>{batch.pendingSources}</dd>
        {!finished && batch.householdsPerSecond !== null && batch.householdsPerSecond !== undefined && (
          <>
            <dt>{t('btRate')}</dt>
            <dd>{formatNumber(batch.householdsPerSecond, language, 1)}</dd>
            <dt>{t('btSecondsLeft')}</dt>
            <dd>{formatNumber(batch.secondsLeft, language, 0)}</dd>
          </>
        )}
      </dl>
      <p>
        <label htmlFor="bt-progress-bar">{t('btProcessed', { done: processed, total: batch.total })}</label>
        <br />
        <progress id="bt-progress-bar" max={Math.max(batch.total, 1)} value={processed} />
      </p>
      <ul className="bt-counts" data-testid="bt-counts">
        {COUNTS.map((c) => (
          <li key={c}>
            {t(`btCount_${c}`)}：<strong>{batch.counts[c]}</strong>
          </li>
        ))}
      </ul>
      <div className="hh-toolbar">
        {!finished && (
          <button type="button" onClick={() => void cancel()}>
            {t('btCancel')}
          </button>
        )}
        <a className="button" href={`/batches/${batch.id}/results.csv`} download>
          {t('btDownload')}
        </a>
      </div>
      {results && (
        <table data-testid="bt-results">
          <caption>{t('btResults')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('btSeq')}</th>
              <th scope="col">{t('btHousehold')}</th>
              <th scope="col">{t('btOutcome')}</th>
              <th scope="col">{t('hhReportStatus')}</th>
              <th scope="col">{t('hhCircle')}</th>
              <th scope="col">{t('hhHardship')}</th>
              <th scope="col">{t('hhUndeclared')}</th>
              <th scope="col">{t('btError')}</th>
              <th scope="col">{t('hhReport')}</th>
            </tr>
          </thead>
          <tbody>
            {results.items.map((r) => (
              <tr key={r.seq}>
                <td className="number">{r.seq}</td>
                <td>
                  {r.externalRef} <small>{r.regionCode}</small>
                </td>
                <td>{batchStatusLabel(r.status, language)}</td>
                <td>{r.reportStatus ? labelOf('reportStatus', r.reportStatus, language) : ''}</td>
                <td className="number">{r.circle ?? ''}</td>
                <td className="number">{formatNumber(r.hardshipIndex, language)}</td>
                <td>{r.undeclaredItemsFound === null || r.undeclaredItemsFound === undefined ? '' : r.undeclaredItemsFound ? t('hhYes') : t('hhNo')}</td>
                <td>{r.errorCode ? `${r.errorCode}: ${r.errorMessage ?? ''}` : ''}</td>
                <td>{r.reportId && <a href={`/console/reports/${r.reportId}`}>{t('hhOpenReport')}</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {results?.nextAfter != null && (
        <button type="button" onClick={() => void loadResults(results.nextAfter!, results.items)}>
          {t('btMore')}
        </button>
      )}
    </section>
  );
}
