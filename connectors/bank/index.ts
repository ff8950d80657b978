// Offers: createBankConnector, the ticketed bank inquiry protocol.
// Keeps: the ticket answer's schema; requests go through the shared HTTP core.
import { z } from 'zod';
import type { Attribute, Source } from '../../src/catalog/index.js';
import { SourceError, type FetchResult, type SourceConnector } from '../contract/index.js';
import { createHttpConnectorCore, readRecords, type ConnectorOptions } from '../http/index.js';

const pendingSchema = z.object({ ticket: z.string().min(1), status: z.literal('PENDING'), readyAt: z.string().optional() });

/**
 * Bank inquiry protocol: banks answer hours to days later, so an inquiry returns a ticket
 * (`POST agencies/<bank>/inquiries` -> 202 `{ ticket, readyAt }`) and the answer is collected with
 * `GET agencies/<bank>/inquiries/<ticket>` (202 while pending, 200 with the results when done).
 * The answer names the persons it is about, so any process holding the ticket can poll it
 * (a worker other than the one that asked).
 */
export function createBankConnector(source: Source, attributes: readonly Attribute[], options: ConnectorOptions): SourceConnector {
  const core = createHttpConnectorCore(source, attributes, options);
  function pending(body: unknown, latencyMs: number): FetchResult {
    const p = pendingSchema.safeParse(body);
    if (!p.success) throw new SourceError(source.id, 'UNAVAILABLE', 'bank answer is neither a ticket nor results');
    return { kind: 'PENDING', ticket: p.data.ticket, readyAt: p.data.readyAt ? new Date(p.data.readyAt) : null, latencyMs };
  }

  return {
    source,
    family: source.family,
    attributes: core.attributes,
    async fetch(persons, attributeCodes, ctx) {
      core.checkBulk(persons);
      const res = await core.request('POST', `agencies/${source.id}/inquiries`, { persons, attributes: attributeCodes }, ctx);
      return pending(res.body, res.latencyMs);
    },
    async poll(ticket, ctx) {
      const res = await core.request('GET', `agencies/${source.id}/inquiries/${encodeURIComponent(ticket)}`, undefined, ctx).catch((err: unknown) => {
        // 404 for a ticket the bank issued: it lost or expired the inquiry, and polling cannot bring it back.
        if (err instanceof SourceError && err.code === 'REJECTED' && err.httpStatus === 404) throw new SourceError(source.id, 'TICKET_UNKNOWN', `the bank no longer knows ticket ${ticket}`);
        throw err;
      });
      if (res.status === 202) return pending(res.body, res.latencyMs);
      const persons = (res.body as { results?: { idNumber?: unknown }[] } | null)?.results?.map((r) => String(r.idNumber)) ?? [];
      return { kind: 'DONE', records: readRecords(source.id, persons, res.body), latencyMs: res.latencyMs };
    },
    checkHealth: core.checkHealth,
    health: core.health,
  };
}
