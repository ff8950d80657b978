import { dayBounds, dayOf, daysBefore, distinct, householdKeyOf, readEvents, regionOf } from '../events.js';
import { LOOKUP_ACTIONS, type AuditRow, type FindingDraft } from '../model.js';
import { groupBy, isLookup, isMachine, type Rule, type RuleContext } from './rule.js';

/*
 * Favour (人情保) shows in where and how much an account reads: households far from its usual
 * caseload, or many more households than its colleagues read on the same day.
 */

const lookup = isLookup(LOOKUP_ACTIONS);
const humanLookup = (e: AuditRow) => lookup(e) && !isMachine(e);

/** The actor's look-ups on its local day, and in the baseline days before it. */
async function actorDay(ctx: RuleContext, first: AuditRow, baselineDays: number): Promise<{ today: AuditRow[]; before: AuditRow[] }> {
  const { from, to } = dayBounds(dayOf(first), regionOf(first));
  const rows = await readEvents(ctx.db, (q) => q.where({ actor_sub: first.actorSub, outcome: 'ALLOWED' }).whereIn('action', LOOKUP_ACTIONS).where('occurred_at', '>=', daysBefore(from, baselineDays)).where('occurred_at', '<', to), 20_000);
  return { today: rows.filter((e) => e.occurredAt >= from && e.subjectIds.length > 0), before: rows.filter((e) => e.occurredAt < from) };
}

/**
 * An account reading at least `caseload.householdsPerDay` households in one local day in regions
 * it did not read in the `caseload.baselineDays` before (its organisation's own region always
 * counts as usual). A new account has no baseline: only its own region is usual to it.
 */
export const outsideCaseload: Rule = {
  rule: 'OUTSIDE_CASELOAD',
  async evaluate(ctx, events) {
    const drafts: FindingDraft[] = [];
    for (const group of groupBy(events.filter(humanLookup), (e) => `${e.actorSub}|${dayOf(e)}`).values()) {
      const first = group[0]!;
      const p = await ctx.params(regionOf(first), dayOf(first));
      const { today, before } = await actorDay(ctx, first, p.caseload.baselineDays);
      const usual = new Set([first.actorOrg, ...before.map((e) => e.regionCode).filter((r) => r !== null)]);
      const outside = today.filter((e) => e.regionCode !== null && !usual.has(e.regionCode));
      const households = distinct(outside.map(householdKeyOf));
      if (households.length < p.caseload.householdsPerDay) continue;
      const regions = distinct(outside.map((e) => e.regionCode!));
      drafts.push({
        rule: 'OUTSIDE_CASELOAD',
        key: `OUTSIDE_CASELOAD:${first.actorSub}:${dayOf(first)}`,
        severity: 'MEDIUM',
        // The households' region when they share one (its auditors see the finding too), else the account's organisation.
        regionCode: regions.length === 1 ? regions[0]! : first.actorOrg,
        actorSub: first.actorSub,
        actorOrg: first.actorOrg,
        subjectIds: distinct(outside.flatMap((e) => e.subjectIds)),
        evidence: outside.map((e) => e.seq),
        params: { day: dayOf(first), households: households.length, threshold: p.caseload.householdsPerDay, regions, usualRegions: [...usual] },
      });
    }
    return drafts;
  },
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Most evidence events kept for one bulk finding: the count is in its params. */
const BULK_EVIDENCE = 1_000;

/**
 * An account with at least `bulk.minLookups` look-ups in a local day and more than `bulk.factor`
 * times the median of its organisation's other accounts of the same kind that day (at least
 * `bulk.minPeers` of them; fewer peers, no median, no finding).
 */
export const bulkReads: Rule = {
  rule: 'BULK_READS',
  async evaluate(ctx, events) {
    const drafts: FindingDraft[] = [];
    for (const group of groupBy(events.filter(lookup), (e) => `${e.actorOrg}|${isMachine(e)}|${dayOf(e)}`).values()) {
      const first = group[0]!;
      const day = dayOf(first);
      const p = await ctx.params(first.actorOrg, day);
      const { from, to } = dayBounds(day, first.actorOrg);
      const orgDay = (await readEvents(ctx.db, (q) => q.where({ actor_org: first.actorOrg, outcome: 'ALLOWED' }).whereIn('action', LOOKUP_ACTIONS).where('occurred_at', '>=', from).where('occurred_at', '<', to), 100_000)).filter((e) => lookup(e) && isMachine(e) === isMachine(first));
      const byActor = groupBy(orgDay, (e) => e.actorSub);
      for (const actor of distinct(group.map((e) => e.actorSub))) {
        const own = byActor.get(actor) ?? [];
        const peers = [...byActor.entries()].filter(([a]) => a !== actor).map(([, es]) => es.length);
        if (own.length < p.bulk.minLookups || peers.length < p.bulk.minPeers) continue;
        const peerMedian = median(peers);
        if (own.length <= p.bulk.factor * peerMedian) continue;
        drafts.push({
          rule: 'BULK_READS',
          key: `BULK_READS:${actor}:${day}`,
          severity: 'MEDIUM',
          regionCode: first.actorOrg,
          actorSub: actor,
          actorOrg: first.actorOrg,
          subjectIds: [],
          evidence: own.slice(0, BULK_EVIDENCE).map((e) => e.seq),
          params: { day, lookups: own.length, peerMedian, peers: peers.length, factor: p.bulk.factor },
        });
      }
    }
    return drafts;
  },
};
