import type { Args } from './args.js';
import { ServerError } from './errors.js';
import { describeFetchError, readJson } from './hub-http.js';
import { progressBar } from '../cli/index.js';

const POLL_MS = 1_000;
const BATCH_QUERY = 'query($id: ID!) { batch(id: $id) { status total secondsLeft counts { queued done refused failed cancelled } } }';

export interface BatchView {
  status: string;
  total: number;
  secondsLeft: number | null;
  counts: { queued: number; done: number; refused: number; failed: number; cancelled: number };
}

/** Polls the batch until it is DONE or CANCELLED, showing the households verified so far. */
export async function waitForBatch(args: Args, id: string): Promise<BatchView> {
  const bar = progressBar('verify', 'households');
  let started = false;
  try {
    for (;;) {
      const batch = await readBatch(args, id);
      if (!started) {
        bar.start(batch.total);
        started = true;
      }
      bar.update(batch.counts.done + batch.counts.refused + batch.counts.failed, batch.secondsLeft);
      if (batch.status === 'DONE' || batch.status === 'CANCELLED') return batch;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    bar.stop();
  }
}

async function readBatch(args: Args, id: string): Promise<BatchView> {
  let res: Response;
  try {
    res = await fetch(`${args.hub}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${args.token}` },
      body: JSON.stringify({ query: BATCH_QUERY, variables: { id } }),
    });
  } catch (err) {
    throw describeFetchError(err, args.hub);
  }
  const body = (await readJson(res)) as { data?: { batch?: BatchView } | null; errors?: { message?: string; extensions?: { code?: string } }[] } | null;
  const error = body?.errors?.[0];
  if (error) throw new ServerError(`${error.extensions?.code ? `${error.extensions.code}: ` : ''}${error.message ?? 'error'}`);
  if (!body?.data?.batch) throw new ServerError(`HTTP ${res.status} from ${args.hub}/graphql`);
  return body.data.batch;
}
