/**
 * Hive Gateway's configuration for `npm run gateway` (read by the `hive-gateway` CLI from the
 * working directory): the supergraph `npm run supergraph` composed, on GATEWAY_PORT (default 4100).
 *
 * The gateway is not trusted with roles: it forwards the caller's bearer token to the hub, which
 * verifies it and authorises every field as it does for a direct call (docs/FEDERATION.md). The
 * token goes to the hub's subgraph only: the hub's tokens are for the hub's audience, and another
 * subgraph that saw them could replay them against the hub. The request id goes to every subgraph,
 * so that one request can be followed through the logs of each.
 */
const HUB_SUBGRAPH = 'verification-hub';

/**
 * What Hive Gateway passes to `fromClientToSubgraphs`. Typed here rather than through the gateway's
 * `defineConfig` (an identity function): its types bring the DOM library into the whole project's
 * type check, where fetch bodies of Node's own stream types no longer fit.
 */
interface HeaderPropagation {
  request: Request;
  subgraphName: string;
}

export const gatewayConfig = {
  supergraph: process.env.GATEWAY_SUPERGRAPH ?? './supergraph.graphql',
  host: process.env.GATEWAY_HOST ?? '127.0.0.1',
  port: Number(process.env.GATEWAY_PORT ?? 4100),
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }: HeaderPropagation) => ({
      'x-request-id': request.headers.get('x-request-id'),
      ...(subgraphName === HUB_SUBGRAPH ? { authorization: request.headers.get('authorization') } : {}),
    }),
  },
};
