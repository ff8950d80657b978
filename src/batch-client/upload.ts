import { ReadableStream } from 'node:stream/web';
import type { Args } from './args.js';
import { ServerError, type Rejected } from './errors.js';
import { describeFetchError, readJson } from './hub-http.js';

export interface UploadAnswer {
  batchId: string;
  accepted: number;
  rejected: Rejected[];
  rejectedCount: number;
}

interface ErrorAnswer {
  error?: { code?: string; message?: string; field?: string | null };
  errors?: { message?: string }[];
  rejected?: Rejected[];
  rejectedCount?: number;
}

/** Streams the NDJSON body to `POST /batches` (`first` is its first piece, already read). */
export async function upload(args: Args, body: AsyncIterator<Uint8Array>, first: IteratorResult<Uint8Array>): Promise<UploadAnswer> {
  const sent = sendable(body, first);
  const query = new URLSearchParams({ purpose: args.purpose, ...(args.chunkSize !== null ? { chunkSize: String(args.chunkSize) } : {}) });
  let res: Response;
  try {
    res = await fetch(`${args.hub}/batches?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${args.token}` },
      body: sent.stream,
      duplex: 'half',
    });
  } catch (err) {
    if (sent.error.value !== undefined) throw sent.error.value;
    throw describeFetchError(err, args.hub);
  }
  const answer = (await readJson(res).catch(() => null)) as (UploadAnswer & ErrorAnswer) | null;
  if (sent.error.value !== undefined) throw sent.error.value;
  if (res.status !== 201 || !answer || typeof answer.batchId !== 'string') throw refusal(args, res.status, answer);
  return answer;
}

/** The body as a stream, keeping the error that ended it: fetch only says that the body failed. */
function sendable(body: AsyncIterator<Uint8Array>, first: IteratorResult<Uint8Array>): { stream: ReadableStream<Uint8Array>; error: { value: unknown } } {
  const error: { value: unknown } = { value: undefined };
  async function* pieces(): AsyncGenerator<Uint8Array> {
    try {
      if (first.done) return;
      yield first.value;
      for (let next = await body.next(); !next.done; next = await body.next()) yield next.value;
    } catch (err) {
      error.value = err;
      throw err;
    }
  }
  return { stream: ReadableStream.from(pieces()), error };
}

function refusal(args: Args, status: number, answer: ErrorAnswer | null): ServerError {
  const e = answer?.error;
  const message = e?.message ? `${e.code ?? 'ERROR'}: ${e.message}` : (answer?.errors?.[0]?.message ?? `HTTP ${status}${status === 404 ? ` (no batch upload at ${args.hub}/batches)` : ''}`);
  return new ServerError(message, answer?.rejected ?? [], answer?.rejectedCount ?? 0);
}
