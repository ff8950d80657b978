import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { platformTypeDefs } from '../examples/assistance-platform/index.js';
import { composeSupergraph, CompositionError, hubSubgraph } from '../src/federation/index.js';

/**
 * `npm run supergraph`: composes the hub and the sample assistance platform into supergraph.graphql
 * (Apollo Federation 2 composition), the file `npm run gateway` serves. The routing URLs are where
 * the gateway will reach each subgraph: HUB_SUBGRAPH_URL (default the hub's usual port 4000) and
 * PLATFORM_SUBGRAPH_URL (default 4101, `npm run example:platform`). Exits 1 naming every
 * composition error.
 */
const { values } = parseArgs({ options: { out: { type: 'string', short: 'o', default: 'supergraph.graphql' } } });
const hubUrl = process.env.HUB_SUBGRAPH_URL ?? 'http://127.0.0.1:4000/graphql';
const platformUrl = process.env.PLATFORM_SUBGRAPH_URL ?? 'http://127.0.0.1:4101/graphql';
try {
  const { supergraphSdl, hints } = composeSupergraph([hubSubgraph(hubUrl), { name: 'assistance-platform', typeDefs: platformTypeDefs, url: platformUrl }]);
  for (const hint of hints) console.error(`hint: ${hint}`);
  writeFileSync(values.out!, supergraphSdl);
  console.log(`${values.out}: verification-hub (${hubUrl}) + assistance-platform (${platformUrl})`);
} catch (err) {
  if (!(err instanceof CompositionError)) throw err;
  console.error(err.message);
  process.exit(1);
}
