import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

/**
 * What a GraphQL Mesh user writes to put Hive Gateway over the agencies: one OpenAPI source, the
 * description the sandbox publishes (`GET /openapi.json`). Each `<source>_query` operation only
 * reads, so it is made a Query field: Mesh makes a POST a Mutation by default, and the fields of a
 * mutation run one after another.
 */
const url = process.env.PEER_SANDBOX_URL ?? 'http://127.0.0.1:4010';
const described = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
const reads = Object.values(described.paths)
  .flatMap((item) => Object.values(item).map((op) => op.operationId))
  .filter((id) => id.endsWith('_query'));

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('agencies', {
        source: `${url}/openapi.json`,
        selectQueryOrMutationField: reads.map((fieldName) => ({ type: 'Query' as const, fieldName })),
      }),
    },
  ],
});
