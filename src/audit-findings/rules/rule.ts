import type { Knex } from 'knex';
import type { AuditRow, FindingDraft, FindingParameters, FindingRule } from '../model.js';

/** What a rule may read besides the events: the log (read only), the thresholds, who is related to an actor. */
export interface RuleContext {
  db: Knex;
  params(region: string | null, day: string): Promise<FindingParameters>;
}

/**
 * One anomaly rule: given the events new since the last run, the findings they complete. A rule
 * reads the log around them (its window) and returns the same keys for the same facts, so running
 * it again over events it has seen merges into the findings it made before.
 */
export interface Rule {
  rule: FindingRule;
  evaluate(ctx: RuleContext, events: readonly AuditRow[]): Promise<FindingDraft[]>;
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** An allowed look at a person's values (LOOKUP_ACTIONS) with persons named. */
export const isLookup = (lookupActions: readonly string[]) => (e: AuditRow): boolean => e.outcome === 'ALLOWED' && lookupActions.includes(e.action) && e.subjectIds.length > 0;

/** Machine clients (assistance systems) re-check in bulk, at night, by design: the human-behaviour rules leave them out. */
export const isMachine = (e: AuditRow): boolean => e.actorRoles.includes('assistance-system');

/** A window of `days` ending at `at`, numbered so that the same window gets the same number (a finding's key). */
export const windowNumber = (at: Date, days: number): number => Math.floor(at.getTime() / (days * 86_400_000));
