import type { Knex } from 'knex';

/**
 * Who a subscription is for. An organisation's verifiers and assistance systems hear change events
 * (values before and after); its audit office hears anomaly findings (masked persons, no values),
 * through subscriptions of the one kind AUDIT_FINDING. Organisations are region codes, so both
 * share one: each audience sees, and may cancel, only its own subscriptions.
 */
export const AUDIT_FINDING_KIND = 'AUDIT_FINDING';

export type Audience = 'changes' | 'audit';

export function audienceOf(kinds: readonly string[] | null | undefined): Audience {
  return kinds?.includes(AUDIT_FINDING_KIND) ? 'audit' : 'changes';
}

/** A knex `where` keeping the subscriptions of one audience. */
export function audienceFilter(audience: Audience): (q: Knex.QueryBuilder) => void {
  return (q) => {
    if (audience === 'audit') q.whereRaw('? = ANY(kinds)', [AUDIT_FINDING_KIND]);
    else q.whereRaw('NOT (? = ANY(kinds))', [AUDIT_FINDING_KIND]);
  };
}
