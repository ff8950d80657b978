import { recordAuditEvents } from '../../audit/index.js';
import { HubError } from '../../errors/index.js';
import { querySecurityEvents, type SecurityEventKind } from '../../security-log/index.js';
import type { ResolverDeps } from './deps.js';
import { actionOf, guarded } from './guard.js';
import { instant, requirePageSize } from './inputs.js';

interface SecurityEventsArgs {
  filter?: { kind?: SecurityEventKind | null; reason?: string | null; regionCode?: string | null; sourceAddress?: string | null; since?: string | null; until?: string | null } | null;
  first: number;
  before?: string | null;
}

/** security-log.graphql: the auditors' view of the security log, the read itself audited. */
export function securityLogResolvers(deps: ResolverDeps) {
  return {
    Query: {
      securityEvents: guarded('securityEvents', deps, async (caller, args: SecurityEventsArgs) => {
        const f = args.filter ?? {};
        requirePageSize(args.first, 500);
        if (args.before && !/^\d{1,18}$/.test(args.before)) throw new HubError('BAD_USER_INPUT', 'before: must be a security event id', { field: 'before' });
        const filter = { ...f, since: instant(f.since, 'filter.since'), until: instant(f.until, 'filter.until') };
        const events = await querySecurityEvents(deps.db, caller, filter, args.first, args.before ?? null);
        await recordAuditEvents(deps.db, [{ action: actionOf('securityEvents'), outcome: 'ALLOWED', actor: caller, regionCode: f.regionCode ?? null, details: { filter: f, returned: events.length } }]);
        return events;
      }),
    },
  };
}
