import { byCategory, monthly, paymentOf, readCategory } from '../../assessment/index.js';
import type { Attribute, AttributeValue, Catalog, Category, PersonRecord } from '../../catalog/index.js';
import type { Part } from './kinds.js';

/** A verified figure: its value, the attributes it was made of, and the agencies with their dates. */
export interface Found {
  value: number;
  codes: string[];
  /** Source id -> the date its record is as of. */
  sources: Map<string, string | null>;
}

const NUMERIC: readonly Attribute['type'][] = ['MONEY', 'INTEGER', 'DECIMAL'];

/** Whether the part reads this attribute (incomes: money only, as `readCategory`; holdings: any number). */
export function readsAttribute(part: Part, a: Attribute): boolean {
  const category = part.category.startsWith('income.') ? readCategory(a) : a.category;
  if (category !== part.category || !NUMERIC.includes(a.type)) return false;
  if (part.category.startsWith('income.') && a.type !== 'MONEY') return false;
  if (part.only && !part.only.includes(a.code)) return false;
  return !part.skip?.includes(a.code);
}

interface Value {
  value: number;
  code: string;
  source: string;
  asOf: string;
}

/** One value a found record holds (not null). */
export interface Reading {
  readonly attribute: Attribute;
  readonly value: AttributeValue;
  readonly source: string;
  readonly asOf: string;
}

/**
 * A person's found values read once for one comparison: all in reading order (sources in id
 * order, attributes in catalogue order, so ties never depend on the order answers arrived in),
 * and by category as filed and as read (`readCategory`). Made from the records as they are now
 * and held by the caller for that comparison only: answers written into the same records later
 * (a bank answering a pending ticket) are read afresh by the next one.
 */
export interface Readings {
  readonly all: readonly Reading[];
  readonly filed: ReadonlyMap<Category, readonly Reading[]>;
  readonly readAs: ReadonlyMap<Category, readonly Reading[]>;
}

/** Indexes a person's records (`Readings`): one scan of every found source's catalogue attributes. */
export function readingsOf(catalog: Catalog, records: Record<string, PersonRecord>): Readings {
  const all: Reading[] = [];
  for (const source of Object.keys(records).sort()) {
    const record = records[source];
    if (!record?.found) continue;
    for (const attribute of catalog.attributesOf(source)) {
      const value = record.values[attribute.code];
      if (value !== undefined && value !== null) all.push({ attribute, value, source, asOf: record.asOf });
    }
  }
  return { all, ...byCategory(all) };
}

const NONE: readonly Reading[] = [];

/**
 * One person's figure for a part, or null when no agency reported it: the readings of the part's
 * category (a look-up, not a scan), in reading order. Incomes are monthly, a loss counts as 0.
 * `fromSource` narrows to some sources (one bank).
 */
export function partOf(readings: Readings, part: Part, fromSource?: (source: string) => boolean): Found | null {
  const income = part.category.startsWith('income.');
  const values: Value[] = [];
  for (const r of (income ? readings.readAs : readings.filed).get(part.category) ?? NONE) {
    if ((fromSource && !fromSource(r.source)) || !readsAttribute(part, r.attribute)) continue;
    const raw = r.value;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) continue;
    const value = income ? Math.max(0, monthly(r.attribute, raw)) : raw;
    values.push({ value, code: r.attribute.code, source: r.source, asOf: r.asOf });
  }
  if (values.length === 0) return null;
  if (part.combine === 'max') {
    const best = values.reduce((b, v) => (v.value > b.value ? v : b));
    return { value: best.value, codes: [best.code], sources: new Map([[best.source, best.asOf]]) };
  }
  return added(part.combine === 'payments' ? highestPerPayment(values) : values);
}

/** One person's figure for a part read from their records (`partOf` on records read for this call only). */
export function readPart(catalog: Catalog, records: Record<string, PersonRecord>, part: Part, fromSource?: (source: string) => boolean): Found | null {
  return partOf(readingsOf(catalog, records), part, fromSource);
}

/** Per payment (`paymentOf`) the highest report, first seen on a tie (sources in id order). */
function highestPerPayment(values: readonly Value[]): Value[] {
  const best = new Map<string, Value>();
  for (const v of values) {
    const payment = paymentOf(v.code);
    const b = best.get(payment);
    if (!b || v.value > b.value) best.set(payment, v);
  }
  return [...best.values()];
}

/** Values added; the codes and sources of those not zero. */
function added(values: readonly Value[]): Found {
  const held = values.filter((v) => v.value !== 0);
  return { value: held.reduce((s, v) => s + v.value, 0), codes: held.map((v) => v.code), sources: new Map(held.map((v) => [v.source, v.asOf])) };
}

/** Figures added up (parts of a kind, members of a household); null when none was reported. */
export function addFound(found: readonly (Found | null)[]): Found | null {
  const present = found.filter((f): f is Found => f !== null);
  if (present.length === 0) return null;
  const sources = new Map<string, string | null>();
  for (const f of present) for (const [s, asOf] of f.sources) if (!sources.has(s) || (asOf && asOf > (sources.get(s) ?? ''))) sources.set(s, asOf);
  return { value: present.reduce((s, f) => s + f.value, 0), codes: [...new Set(present.flatMap((f) => f.codes))], sources };
}

/** One person's figure of a kind: its parts added. */
export function readKind(readings: Readings, parts: readonly Part[], fromSource?: (source: string) => boolean): Found | null {
  return addFound(parts.map((p) => partOf(readings, p, fromSource)));
}
