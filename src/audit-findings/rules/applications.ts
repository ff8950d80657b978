import { dayOf, daysBefore, distinct, readEvents, regionOf } from '../events.js';
import { LOOKUP_ACTIONS, type AuditRow, type FindingDraft } from '../model.js';
import { compilePattern } from '../parameters.js';
import { groupBy, isLookup, type Rule, type RuleContext } from './rule.js';

/*
 * DOMAIN.md: "every look at a person's data must be traceable to an application, a purpose and a
 * signed consent." A look-up whose application reference is missing or a placeholder names no
 * application; one reference used for several households names the wrong one for all but one.
 */

const lookup = isLookup(LOOKUP_ACTIONS);

async function isPlaceholder(ctx: RuleContext, e: AuditRow): Promise<boolean> {
  const ref = e.applicationRef?.trim() ?? '';
  if (ref === '') return true;
  const p = await ctx.params(regionOf(e), dayOf(e));
  return compilePattern(p.application.placeholderPattern, 'application.placeholderPattern').test(ref);
}

/** Look-ups with no application reference, or one that names none ("0", "test", "无"): one finding per actor and local day. */
export const lookupWithoutApplication: Rule = {
  rule: 'LOOKUP_WITHOUT_APPLICATION',
  async evaluate(ctx, events) {
    const flagged: AuditRow[] = [];
    for (const e of events.filter(lookup)) if (await isPlaceholder(ctx, e)) flagged.push(e);
    return [...groupBy(flagged, (e) => `${e.actorSub}|${dayOf(e)}`).values()].map((group): FindingDraft => {
      const first = group[0]!;
      return {
        rule: 'LOOKUP_WITHOUT_APPLICATION',
        key: `LOOKUP_WITHOUT_APPLICATION:${first.actorSub}:${dayOf(first)}`,
        severity: 'MEDIUM',
        regionCode: regionOf(first),
        actorSub: first.actorSub,
        actorOrg: first.actorOrg,
        subjectIds: distinct(group.flatMap((e) => e.subjectIds)),
        evidence: group.map((e) => e.seq),
        params: { day: dayOf(first), applicationRefs: distinct(group.map((e) => e.applicationRef ?? '')) },
      };
    });
  },
};

/** Verifications under one reference, grouped into households: two verifications share a household when they share a person. */
function households(events: readonly AuditRow[]): AuditRow[][] {
  const groups: { persons: Set<string>; events: AuditRow[] }[] = [];
  for (const e of events) {
    const joined = groups.filter((g) => e.subjectIds.some((s) => g.persons.has(s)));
    const into = { persons: new Set(e.subjectIds), events: [e] };
    for (const g of joined) {
      g.persons.forEach((p) => into.persons.add(p));
      into.events.push(...g.events);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(into);
  }
  return groups.map((g) => g.events.sort((a, b) => a.seq - b.seq));
}

/**
 * One application reference verified for more than one household of a region (within
 * `application.reuseDays`): an application is one household's. Re-verifying the same household
 * under its reference (a retry, a new member) is not a finding.
 */
export const applicationRefReused: Rule = {
  rule: 'APPLICATION_REF_REUSED',
  async evaluate(ctx, events) {
    const candidates: AuditRow[] = [];
    for (const e of events) if (e.action === 'verification.request' && e.outcome === 'ALLOWED' && e.regionCode && !(await isPlaceholder(ctx, e))) candidates.push(e);
    const drafts: FindingDraft[] = [];
    for (const group of groupBy(candidates, (e) => `${e.regionCode}|${e.applicationRef}`).values()) {
      const latest = group[group.length - 1]!;
      const p = await ctx.params(latest.regionCode, dayOf(latest));
      const uses = await readEvents(ctx.db, (q) =>
        q.where({ action: 'verification.request', outcome: 'ALLOWED', region_code: latest.regionCode, application_ref: latest.applicationRef }).where('occurred_at', '>=', daysBefore(latest.occurredAt, p.application.reuseDays)),
      );
      const found = households(uses);
      if (found.length < 2) continue;
      drafts.push({
        rule: 'APPLICATION_REF_REUSED',
        key: `APPLICATION_REF_REUSED:${latest.regionCode}:${latest.applicationRef}`,
        severity: 'HIGH',
        regionCode: latest.regionCode,
        actorSub: latest.actorSub,
        actorOrg: latest.actorOrg,
        subjectIds: distinct(uses.flatMap((e) => e.subjectIds)),
        evidence: uses.map((e) => e.seq),
        params: { applicationRef: latest.applicationRef, households: found.length, actors: distinct(uses.map((e) => e.actorSub)) },
      });
    }
    return drafts;
  },
};
