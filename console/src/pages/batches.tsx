import { useState, type FormEvent } from 'react';
import { BatchProgress } from '../households/batch-progress';
import { BatchUpload, RejectedLines, type Accepted } from '../households/batch-upload';
import '../households/households.css';
import { useText } from '../language';

const BATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The batch the address names (/console/batches/<id>), so a reload or a shared link opens it again. */
function batchInPath(): string | null {
  const id = location.pathname.split('/')[3] ?? '';
  return BATCH_ID.test(id) ? id : null;
}

/**
 * Batches (verifiers and assistance systems): upload a CSV, .xlsx or JSON Lines file to POST /batches
 * (the hub converts and checks it), then follow the batch, cancel it, read and download its results.
 */
export function BatchesPage() {
  const { t } = useText();
  const [id, setId] = useState<string | null>(batchInPath);
  const [answer, setAnswer] = useState<Accepted | null>(null);

  function open(batchId: string) {
    setId(batchId);
    history.pushState(null, '', `/console/batches/${batchId}`);
  }

  function accepted(a: Accepted) {
    setAnswer(a);
    open(a.batchId);
  }

  function again() {
    setAnswer(null);
    setId(null);
    history.pushState(null, '', '/console/batches');
  }

  return (
    <>
      <h1>{t('btTitle')}</h1>
      {id ? (
        <>
          {answer && (
            <div data-testid="bt-accepted">
              <p role="status">{t('btAccepted', { n: answer.accepted, id: answer.batchId })}</p>
              <RejectedLines rejected={answer.rejected} count={answer.rejectedCount} />
            </div>
          )}
          <BatchProgress id={id} />
          <button type="button" onClick={again}>
            {t('btNew')}
          </button>
        </>
      ) : (
        <>
          <BatchUpload onAccepted={accepted} />
          <OpenBatch onOpen={open} />
        </>
      )}
    </>
  );
}

function OpenBatch({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useText();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!BATCH_ID.test(value.trim())) return setError(t('btErrBatchId'));
    setError(null);
    onOpen(value.trim());
  }
  return (
    <section aria-labelledby="bt-open-title" className="hh-panel">
      <h2 id="bt-open-title">{t('btOpen')}</h2>
      <form onSubmit={submit} noValidate className="hh-form">
        <label htmlFor="bt-open-id">{t('btBatchId')}</label>
        <input id="bt-open-id" value={value} onChange={(e) => setValue(e.target.value)} size={38} spellCheck={false} aria-invalid={error ? true : undefined} aria-describedby={error ? 'bt-open-error' : undefined} />
        <button type="submit">{t('btOpen')}</button>
        {error && (
          <p id="bt-open-error" role="alert" className="hh-error">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
