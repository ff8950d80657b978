import type { JSONWebKeySet } from 'jose';
import type { Knex } from 'knex';
import type { ConnectorSet } from '../../../connectors/index.js';
import type { ChunkEnqueuer } from '../../batches/index.js';
import type { Catalog } from '../../catalog/index.js';
import type { Quotas } from '../../quotas/index.js';
import type { ReviewScheduler } from '../../reviews/index.js';
import type { VerificationService } from '../../verification/index.js';

/** What the resolvers work with: passed explicitly to each resolver module. */
export interface ResolverDeps {
  /** `HUB_ENV` (src/config.ts); production subscribes only https webhooks. Default development. */
  profile?: 'development' | 'production';
  db: Knex;
  catalog: Catalog;
  connectors: ConnectorSet;
  verification: VerificationService;
  /** The public keys of every key reports were ever signed with (also served at /.well-known/jwks.json). */
  reportKeys: { jwks(): JSONWebKeySet };
  batches: { queue: ChunkEnqueuer & ReviewScheduler; chunkSize: number; maxBytes?: number; reviewMinIntervalMs?: number };
  /** Per token and organisation quotas (absent: none, e.g. a schema built in a test). */
  quotas?: Quotas;
}
