import { useState, type FormEvent } from 'react';
import type { Purpose } from '../gql/graphql';
import { useText } from '../language';
import { labelOf, LABELS } from './labels';

/** What POST /batches answers (docs/BATCHES.md): line numbers are the file's. */
export interface RejectedLine {
  line: number;
  reason: string;
  code?: string;
}

export interface Accepted {
  batchId: string;
  accepted: number;
  rejected: RejectedLine[];
  rejectedCount: number;
}

interface Refusal {
  status: number;
  code: string;
  message: string;
  field: string | null;
  /** The file's line the hub stopped at (an encoding, header or quoting problem). */
  line: number | null;
  rejected: RejectedLine[];
  rejectedCount: number;
}

/** Content types POST /batches reads, by the file's extension (the hub converts CSV and .xlsx itself). */
const TYPES: Record<string, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
};
const PREVIEW_LINES = 6;

function extensionOf(name: string): string {
  return name.split('.').pop()?.toLowerCase() ?? '';
}

/**
 * The first lines of a text file, for the person to see they chose the right one. Only a preview:
 * the hub decides the encoding and converts the file (src/batch-files), and its verdict is the one shown.
 */
async function previewOf(file: File): Promise<string[]> {
  const bytes = new Uint8Array(await file.slice(0, 16 * 1024).arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel's CSV on Chinese Windows (or a cut in the middle of a character: the preview does not care).
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, PREVIEW_LINES);
}

async function upload(file: File, purpose: Purpose, chunkSize: string): Promise<Accepted | Refusal> {
  const query = new URLSearchParams({ purpose });
  if (chunkSize !== '') query.set('chunkSize', chunkSize);
  const res = await fetch(`/batches?${query}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': TYPES[extensionOf(file.name)]!, accept: 'application/json' }, body: file });
  const body = (await res.json().catch(() => null)) as (Partial<Accepted> & { error?: { code: string; message: string; field: string | null; line?: number } }) | null;
  if (res.status === 201 && body?.batchId) return { batchId: body.batchId, accepted: body.accepted ?? 0, rejected: body.rejected ?? [], rejectedCount: body.rejectedCount ?? 0 };
  return {
    status: res.status,
    code: body?.error?.code ?? `HTTP ${res.status}`,
    message: body?.error?.message ?? res.statusText,
    field: body?.error?.field ?? null,
    line: body?.error?.line ?? null,
    rejected: body?.rejected ?? [],
    rejectedCount: body?.rejectedCount ?? 0,
  };
}

/** Choose a file, purpose and chunk size; upload it; the hub's answer (accepted, or refused with its lines). */
export function BatchUpload({ onAccepted }: { onAccepted: (answer: Accepted) => void }) {
  const { t, language } = useText();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string[] | null>(null);
  const [purpose, setPurpose] = useState<Purpose>('PERIODIC_REVIEW');
  const [chunkSize, setChunkSize] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'uploading' } | { kind: 'refused'; refusal: Refusal } | { kind: 'failed'; message: string }>({ kind: 'idle' });

  const fileError = !file ? (submitted ? t('btErrFile') : null) : TYPES[extensionOf(file.name)] ? null : t('btErrFileType');
  const chunkError = chunkSize === '' || (/^\d{1,4}$/.test(chunkSize) && Number(chunkSize) >= 1 && Number(chunkSize) <= 1000) ? null : t('btErrChunkSize');

  async function choose(chosen: File | null) {
    setFile(chosen);
    setPreview(null);
    setState({ kind: 'idle' });
    if (chosen && ['csv', 'jsonl', 'ndjson'].includes(extensionOf(chosen.name))) setPreview(await previewOf(chosen));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (!file || fileError || chunkError) return;
    setState({ kind: 'uploading' });
    try {
      const answer = await upload(file, purpose, chunkSize);
      if ('batchId' in answer) onAccepted(answer);
      else setState({ kind: 'refused', refusal: answer });
    } catch (err) {
      setState({ kind: 'failed', message: (err as Error).message });
    }
  }

  return (
    <section aria-labelledby="bt-upload-title" className="hh-panel">
      <h2 id="bt-upload-title">{t('btUploadTitle')}</h2>
      <p>{t('btHelp')}</p>
      <form onSubmit={submit} noValidate className="hh-filters">
        <div className="hh-field">
          <label htmlFor="bt-file">{t('btFile')}</label>
          <input id="bt-file" type="file" accept=".csv,.xlsx,.jsonl,.ndjson" onChange={(e) => void choose(e.target.files?.[0] ?? null)} aria-invalid={fileError ? true : undefined} aria-describedby="bt-file-help" />
          <small id="bt-file-help">{t('btFileHelp')}</small>
        </div>
        <div className="hh-field">
          <label htmlFor="bt-purpose">{t('btPurpose')}</label>
          <select id="bt-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value as Purpose)}>
            {Object.keys(LABELS.purpose).map((p) => (
              <option key={p} value={p}>
                {labelOf('purpose', p, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="hh-field">
          <label htmlFor="bt-chunk">{t('btChunkSize')}</label>
          <input id="bt-chunk" value={chunkSize} onChange={(e) => setChunkSize(e.target.value.trim())} inputMode="numeric" maxLength={4} aria-invalid={chunkError ? true : undefined} aria-describedby="bt-chunk-help" />
          <small id="bt-chunk-help">{chunkError ?? t('btChunkSizeHelp')}</small>
        </div>
        <button type="submit" className="button primary" disabled={state.kind === 'uploading'}>
          {state.kind === 'uploading' ? t('btUploading') : t('btUpload')}
        </button>
        {(fileError ?? chunkError) && (
          <p role="alert" className="hh-error">
            {fileError ?? chunkError}
          </p>
        )}
      </form>
      {file && extensionOf(file.name) === 'xlsx' && <p>{t('btPreviewSheet', { size: `${Math.ceil(file.size / 1024)} KiB` })}</p>}
      {preview && (
        <figure className="bt-preview">
          <figcaption>{t('btPreview', { n: preview.length })}</figcaption>
          <pre>{preview.join('\n')}</pre>
        </figure>
      )}
      {state.kind === 'failed' && (
        <p role="alert" className="hh-error">
          {state.message}
        </p>
      )}
      {state.kind === 'refused' && (
        <div role="alert" data-testid="bt-refused">
          <p className="hh-error">
            {t('btRefused')}：{state.refusal.code}
            {state.refusal.field ? ` (${state.refusal.field})` : ''}
            {state.refusal.line !== null ? `，${t('btRefusedLine', { line: state.refusal.line })}` : ''}：{state.refusal.message}
          </p>
          <RejectedLines rejected={state.refusal.rejected} count={state.refusal.rejectedCount} />
        </div>
      )}
    </section>
  );
}

/** Lines the hub rejected, with the file's line numbers and its reasons (and codes, such as ID_NUMBER_SCIENTIFIC_NOTATION). */
export function RejectedLines({ rejected, count }: { rejected: RejectedLine[]; count: number }) {
  const { t } = useText();
  if (count === 0) return null;
  return (
    <table data-testid="bt-rejected">
      <caption>{t('btRejectedTitle', { n: count })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('btLine')}</th>
          <th scope="col">{t('btReason')}</th>
          <th scope="col">{t('btCode')}</th>
        </tr>
      </thead>
      <tbody>
        {rejected.map((r, i) => (
          <tr key={`${r.line}-${i}`}>
            <td className="number">{r.line}</td>
            <td>{r.reason}</td>
            <td>{r.code ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
