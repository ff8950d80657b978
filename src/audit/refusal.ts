import type { Knex } from 'knex';
import type { HubError } from '../errors/index.js';
import { recordAuditEvents, type AuditEvent } from './audit-log.js';

export interface Refusal {
  action: string;
  actor: AuditEvent['actor'];
  error: HubError;
  /** The region the request was about, when known: that region's auditors see the attempt. */
  regionCode?: string | null;
  /** The door the request came through: a GraphQL field or an HTTP route. */
  via: string;
}

/**
 * Appends one REFUSED event, the same for every door (GraphQL field, printable report, upload,
 * dashboard): the attempt is the fact, so a refusal is audited like an allowed look.
 */
export async function auditRefusal(db: Knex, r: Refusal): Promise<void> {
  const field = r.error.extensions.field;
  const event: AuditEvent = {
    action: r.action,
    outcome: 'REFUSED',
    actor: r.actor,
    regionCode: r.regionCode ?? null,
    errorCode: String(r.error.extensions.code),
    details: { reason: r.error.message, field: typeof field === 'string' ? field : null, via: r.via },
  };
  await recordAuditEvents(db, [event]);
}
