import { allowWebhookHost, disallowWebhookHost, listAllowedHosts } from '../../webhooks/index.js';
import type { ResolverDeps } from './deps.js';
import { guarded } from './guard.js';

/** webhook-targets.graphql: the internal hosts organisations allow their webhooks to reach. */
export function webhookTargetResolvers(deps: ResolverDeps) {
  return {
    Query: {
      webhookAllowedHosts: guarded('webhookAllowedHosts', deps, (caller) => listAllowedHosts(deps.db, caller)),
    },
    Mutation: {
      allowWebhookHost: guarded('allowWebhookHost', deps, (caller, args: { org?: string | null; pattern: string }) => allowWebhookHost(deps.db, caller, args)),
      disallowWebhookHost: guarded('disallowWebhookHost', deps, (caller, args: { id: string }) => disallowWebhookHost(deps.db, caller, args.id)),
    },
  };
}
