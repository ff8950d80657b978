// Offers: createExchangeConnector, the synchronous government data-exchange protocol.
// Keeps: nothing else; requests go through the shared HTTP core.
import type { Attribute, Source } from '../../src/catalog/index.js';
import type { SourceConnector } from '../contract/index.js';
import { createHttpConnectorCore, noTickets, readRecords, type ConnectorOptions } from '../http/index.js';

/**
 * Government data-exchange protocol (public security, civil affairs, HR & social security, tax,
 * real estate, ... and the institutions, utilities and financial registries that joined the same
 * exchange): one synchronous bulk query, `POST agencies/<source>/query`
 * `{ persons, attributes }` -> `{ results: [{ idNumber, found, asOf, values }] }`.
 */
export function createExchangeConnector(source: Source, attributes: readonly Attribute[], options: ConnectorOptions): SourceConnector {
  const core = createHttpConnectorCore(source, attributes, options);
  return {
    source,
    family: source.family,
    attributes: core.attributes,
    async fetch(persons, attributeCodes, ctx) {
      core.checkBulk(persons);
      const res = await core.request('POST', `agencies/${source.id}/query`, { persons, attributes: attributeCodes }, ctx);
      return { kind: 'DONE', records: readRecords(source.id, persons, res.body), latencyMs: res.latencyMs };
    },
    poll: noTickets(source),
    checkHealth: core.checkHealth,
    health: core.health,
  };
}
