import { monthly, paymentOf, readCategory } from '../../assessment/index.js';
import type { Attribute, Catalog, PersonRecord } from '../../catalog/index.js';
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

/**
 * One person's figure for a part, or null when no agency reported it. Sources in id order, so
 * ties never depend on the order answers arrived in. Incomes are monthly, a loss counts as 0.
 * `fromSource` narrows to some sources (one bank).
 */
export function readPart(catalog: Catalog, records: Record<string, PersonRecord>, part: Part, fromSource?: (source: string) => boolean): Found | null {
  const values: Value[] = [];
  for (const source of Object.keys(records).sort()) {
    const record = records[source];
    if (!record?.found || (fromSource && !fromSource(source))) continue;
    for (const a of catalog.attributesOf(source)) {
      if (!readsAttribute(part, a)) continue;
      const raw = record.values[a.code];
      if (typeof raw !== 'number' || !Number.isFinite(raw)) continue;
      const value = part.category.startsWith('income.') ? Math.max(0, monthly(a, raw)) : raw;
      values.push({ value, code: a.code, source, asOf: record.asOf });
    }
  }
  if (values.length === 0) return null;
  if (part.combine === 'max') {
    const best = values.reduce((b, v) => (v.value > b.value ? v : b));
    return { value: best.value, codes: [best.code], sources: new Map([[best.source, best.asOf]]) };
  }
  return added(part.combine === 'payments' ? highestPerPayment(values) : values);
}

/** Per payment (`paymentOf`) the highest report, first seen on a tie (sources in id order). */
function highestPerPayment(values: readonly Value[]): Value[] {
  const best = new Map<string, Value>();
  for (const v of values) {
    const b = best.get(paymentOf(v.code));
    if (!b || v.value > b.value) best.set(paymentOf(v.code), v);
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
export function readKind(catalog: Catalog, records: Record<string, PersonRecord>, parts: readonly Part[], fromSource?: (source: string) => boolean): Found | null {
  return addFound(parts.map((p) => readPart(catalog, records, p, fromSource)));
}
