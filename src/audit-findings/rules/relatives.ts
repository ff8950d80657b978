import { householdMates } from '../../households/index.js';
import { registeredFacts, type RegisteredFacts } from '../../reports/index.js';
import { actorPersons } from '../actors.js';
import { distinct, regionOf } from '../events.js';
import { LOOKUP_ACTIONS, type AuditRow, type FindingDraft } from '../model.js';
import { groupBy, isLookup, type Rule } from './rule.js';

/*
 * 关系保: an allowance for one's own family. A verifier looking up a member of their own household,
 * or a person who shares their surname and registered address, is looking up a relative.
 */

const lookup = isLookup(LOOKUP_ACTIONS);

/** Two-character surnames that are common enough to matter (复姓); any other name's surname is its first character. */
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕', '令狐', '端木', '独孤', '南宫', '西门', '万俟', '闻人', '申屠', '澹台', '太史'];

export function surnameOf(name: string): string {
  const n = name.trim();
  return COMPOUND_SURNAMES.find((s) => n.startsWith(s)) ?? [...n][0] ?? '';
}

/** Addresses compared as written by public security, spaces ignored. */
const sameAddress = (a: string | null, b: string | null): boolean => a !== null && b !== null && a.replace(/\s+/gu, '') === b.replace(/\s+/gu, '');

type Relation = 'SAME_HOUSEHOLD' | 'SURNAME_AND_ADDRESS';

function relationOf(subject: string, mates: ReadonlySet<string>, own: RegisteredFacts | undefined, theirs: RegisteredFacts | undefined): Relation | null {
  if (mates.has(subject)) return 'SAME_HOUSEHOLD';
  if (own && theirs && surnameOf(own.name) === surnameOf(theirs.name) && sameAddress(own.address, theirs.address)) return 'SURNAME_AND_ADDRESS';
  return null;
}

/**
 * A look-up by an account whose person the hub knows (audit_actor_persons) of a person in one of
 * that person's households, or sharing their surname and registered address (both as the latest
 * reports give them): one finding per account and person looked up.
 */
export const relativeLookup: Rule = {
  rule: 'RELATIVE_LOOKUP',
  async evaluate(ctx, events) {
    const lookups = events.filter(lookup);
    const persons = await actorPersons(ctx.db, distinct(lookups.map((e) => e.actorSub)));
    const drafts: FindingDraft[] = [];
    for (const [actor, own] of groupBy(lookups.filter((e) => persons.has(e.actorSub)), (e) => e.actorSub)) {
      const self = persons.get(actor)!;
      const mates = new Set(await householdMates(ctx.db, self));
      const subjects = distinct(own.flatMap((e) => e.subjectIds)).filter((s) => s !== self);
      const facts = await registeredFacts(ctx.db, [self, ...subjects]);
      for (const subject of subjects) {
        const relation = relationOf(subject, mates, facts.get(self), facts.get(subject));
        if (!relation) continue;
        const evidence: AuditRow[] = own.filter((e) => e.subjectIds.includes(subject));
        drafts.push({
          rule: 'RELATIVE_LOOKUP',
          key: `RELATIVE_LOOKUP:${actor}:${subject}`,
          severity: 'HIGH',
          regionCode: regionOf(evidence[0]!),
          actorSub: actor,
          actorOrg: evidence[0]!.actorOrg,
          subjectIds: [subject],
          evidence: evidence.map((e) => e.seq),
          params: { relation },
        });
      }
    }
    return drafts;
  },
};
