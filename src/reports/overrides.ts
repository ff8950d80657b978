import type { Attribute, AttributeValue, Catalog, PersonRecord } from '../catalog/index.js';
import { ASSET_KINDS, DEPOSITS_PER_BANK, INCOME_KINDS, TOTAL_INCOME } from './compare/kinds.js';
import { readPart, readsAttribute } from './compare/read.js';
import { overrideText } from './compare/sentence.js';
import { countyOf, EMPLOYMENT_CHECK, STATUS_CHECKS } from './compare/status.js';
import type { Discrepancy, DiscrepancyKind, DiscrepancyOverride, ReportMember } from './report.js';

/*
 * Values replaced by accepted objections (复核) as the comparison with the declaration sees them:
 * an objection changes one agency value, but a figure may rest on several agencies' values of the
 * same item (a wage reported to HR and to tax). Which other values still decide a figure, and the
 * provenance a discrepancy carries when a value it compared was replaced.
 */

/** Another agency's value of the same item that decides the figure over an objection's value. */
export interface DecidingValue {
  source: string;
  attribute: string;
  value: AttributeValue;
  asOf: string;
}

const AMOUNT_KINDS = [...INCOME_KINDS, TOTAL_INCOME, ...ASSET_KINDS, DEPOSITS_PER_BANK];
const STATUS = [...STATUS_CHECKS, EMPLOYMENT_CHECK];
/** Larger than any amount an agency reports: the objected value made to win every comparison. */
const WINS = 1e15;

/** Whether a member's value is 0 (the highest of values all 0 decides nothing). */
function isZero(catalog: Catalog, member: ReportMember, code: string): boolean {
  const record = member.records[catalog.attribute(code)?.source ?? ''];
  return !record?.found || record.values[code] === 0;
}

/** The member's records with one value replaced (the records themselves untouched). */
function withValue(records: Record<string, PersonRecord>, a: Attribute, value: AttributeValue): Record<string, PersonRecord> {
  const record = records[a.source];
  if (!record?.found) return records;
  return { ...records, [a.source]: { ...record, values: { ...record.values, [a.code]: value } } };
}

/**
 * The other values of the same item that decide a member's compared figure while `code` holds
 * `value` (an objection's proposed value): for an amount, the values that count in the figure
 * with `value` in place but would not if `code`'s value were the highest (the same wage reported
 * by tax above a corrected HR wage; another bank's own deposits are not the same item); for a
 * status (deceased, employed), when `value` no longer says so, the other agencies' values that do.
 */
export function decidingValues(catalog: Catalog, member: ReportMember, code: string, value: AttributeValue, regionCode: string): DecidingValue[] {
  const attribute = catalog.attribute(code);
  if (!attribute) return [];
  const codes = new Set<string>();
  if (typeof value === 'number') {
    for (const part of AMOUNT_KINDS.flatMap((k) => k.parts).filter((p) => readsAttribute(p, attribute))) {
      const beaten = new Set(readPart(catalog, withValue(member.records, attribute, WINS), part)?.codes ?? []);
      for (const c of readPart(catalog, withValue(member.records, attribute, value), part)?.codes ?? []) if (c !== code && !beaten.has(c) && !isZero(catalog, member, c)) codes.add(c);
    }
  }
  const county = countyOf(regionCode);
  for (const check of STATUS.filter((c) => c.reads(attribute) && !c.holds(attribute, value, county))) {
    for (const [source, record] of Object.entries(member.records)) {
      if (!record.found) continue;
      for (const a of catalog.attributesOf(source)) {
        const v = record.values[a.code];
        if (a.code !== code && v !== undefined && v !== null && check.reads(a) && check.holds(a, v, county)) codes.add(a.code);
      }
    }
  }
  return [...codes].sort().flatMap((c) => {
    const a = catalog.attribute(c)!;
    const record = member.records[a.source];
    return record?.found ? [{ source: a.source, attribute: c, value: record.values[c]!, asOf: record.asOf }] : [];
  });
}

/** Which attributes a discrepancy of this kind compares. */
function readerOf(kind: DiscrepancyKind): ((a: Attribute) => boolean) | null {
  const amount = AMOUNT_KINDS.find((k) => k.discrepancy === kind);
  if (amount) return (a) => amount.parts.some((p) => readsAttribute(p, a));
  return STATUS.find((c) => c.discrepancy === kind)?.reads ?? null;
}

/**
 * Gives every discrepancy that compared a value an accepted objection replaced the override's
 * provenance (in place): its sentence ends `（复核更正：…，<reviewer> 依据证据 <hash>）`, and the
 * replaced value's agency is among its sources with `overrides` (listed even when another agency's
 * value decided the figure, so the reader sees both).
 */
export function withOverrideProvenance(catalog: Catalog, members: readonly ReportMember[], found: Discrepancy[]): Discrepancy[] {
  if (!members.some((m) => Object.keys(m.overrides ?? {}).length > 0)) return found;
  for (const d of found) {
    const reads = readerOf(d.kind);
    if (!reads) continue;
    const persons = d.personId ? members.filter((m) => m.personId === d.personId) : members;
    const perBank = d.kind === DEPOSITS_PER_BANK.discrepancy ? new Set((d.sources ?? []).map((s) => s.source)) : null;
    const items: { o: DiscrepancyOverride; source: string; asOf: string | null }[] = persons.flatMap((m) =>
      Object.entries(m.overrides ?? {}).flatMap(([code, o]) => {
        const a = catalog.attribute(code);
        if (!a || !reads(a) || (perBank && !perBank.has(a.source))) return [];
        const record = m.records[a.source];
        return [{ o: { ...o, personId: m.personId, attribute: code }, source: a.source, asOf: record?.found ? record.asOf : null }];
      }),
    );
    if (items.length === 0) continue;
    const text = overrideText(catalog, items.map((i) => i.o));
    if (d.zh !== undefined) d.zh += text.zh;
    if (d.en !== undefined) d.en += text.en;
    const sources = (d.sources = d.sources ?? []);
    for (const { o, source, asOf } of items) {
      let entry = sources.find((s) => s.source === source);
      if (!entry) sources.push((entry = { source, asOf }));
      entry.overrides = [...(entry.overrides ?? []), o];
    }
  }
  return found;
}
