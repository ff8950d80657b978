import { useCallback, useEffect, useState } from 'react';
import { graphql } from '../gql';
import type { AuditChainFrom, ConsoleAuditChainQuery } from '../gql/graphql';
import { request } from '../graphql-client';
import { useText } from '../language';
import { ApiError } from './api-error';

const AuditChainDocument = graphql(`
  query ConsoleAuditChain($from: AuditChainFrom) {
    auditChain(from: $from) {
      ok
      checked
      brokenAt
      reason
      checkpoint
      startedAfter
    }
  }
`);

type Check = ConsoleAuditChainQuery['auditChain'];

/**
 * The hash chains held against the signed checkpoints: by default from the newest confirmed
 * checkpoint (fast), or the whole log on request. A break is named by its event and reason.
 */
export function ChainStatus() {
  const { t } = useText();
  const [check, setCheck] = useState<Check | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback((from: AuditChainFrom) => {
    setBusy(true);
    setFailure(null);
    request(AuditChainDocument, { from })
      .then((d) => setCheck(d.auditChain), setFailure)
      .finally(() => setBusy(false));
  }, []);
  useEffect(() => run('LAST_CONFIRMED'), [run]);
  return (
    <section aria-labelledby="chain-title" className="panel">
      <h2 id="chain-title">{t('chainTitle')}</h2>
      {failure !== null && <ApiError error={failure} />}
      {check === null && failure === null && <p role="status">{t('loading')}</p>}
      {check && (
        <div data-testid="chain-status" className={check.ok ? 'chain-ok' : 'chain-broken'}>
          <p className="verdict" role="status">
            {check.ok ? `✓ ${t('chainOk')}` : `✗ ${t('chainBroken')}`}
          </p>
          <dl>
            <dt>{t('chainCheckpoint')}</dt>
            <dd>{check.checkpoint ?? '—'}</dd>
            <dt>{check.startedAfter ? t('chainStartedAfter') : t('chainFromStart')}</dt>
            <dd>{check.startedAfter ?? ''}</dd>
            <dt>{t('chainChecked', { n: check.checked })}</dt>
            <dd />
            {!check.ok && (
              <>
                <dt>{t('chainBrokenAt')}</dt>
                <dd data-testid="chain-broken-at">{check.brokenAt}</dd>
                <dt>{t('chainReason')}</dt>
                <dd>{check.reason}</dd>
              </>
            )}
          </dl>
        </div>
      )}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => run('LAST_CONFIRMED')}>
          {t('chainCheck')}
        </button>
        <button type="button" disabled={busy} onClick={() => run('START')}>
          {t('chainCheckFull')}
        </button>
      </div>
    </section>
  );
}
