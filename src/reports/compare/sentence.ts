import type { Catalog } from '../../catalog/index.js';
import type { Found } from './read.js';
import type { Unit } from './kinds.js';

/** Whom a finding is about: a member (by name) or the household. */
export type Who = { name: string } | null;

export const whoZh = (who: Who): string => (who ? `成员 ${who.name} ` : '家庭');
export const whoEn = (who: Who): string => (who ? `Member ${who.name}` : 'The household');

/** Money and land to 2 decimals, counts whole. */
export function amount(value: number, unit: Unit): string {
  return unit === 'count' ? String(Math.round(value)) : value.toFixed(2);
}

const UNIT_EN: Record<Unit, string> = { CNY: 'CNY', 'CNY/month': 'CNY/month', count: '', mu: 'mu' };

/** The agencies and their dates: `中国工商银行 截至 2026-10-31；…` / `ICBC as of 2026-10-31; …`. */
export function sourcesText(catalog: Catalog, sources: Found['sources']): { zh: string; en: string } {
  const list = [...sources].map(([id, asOf]) => ({ s: catalog.source(id), id, asOf }));
  return {
    zh: list.map((x) => `${x.s?.zh ?? x.id}${x.asOf ? ` 截至 ${x.asOf}` : ''}`).join('；'),
    en: list.map((x) => `${x.s?.en ?? x.id}${x.asOf ? ` as of ${x.asOf}` : ''}`).join('; '),
  };
}

export interface AmountFinding {
  who: Who;
  /** What was declared, in Chinese and English (存款 / deposits), and where (a bank) if narrowed. */
  zh: string;
  en: string;
  unit: Unit;
  unitZh: string;
  declared: number | null;
  verified: number;
  allowed: number;
  found: Found;
  /** A household item: the names of the members who hold it. */
  holders?: readonly string[];
}

/**
 * The sentence of an amount above the declaration, e.g. 家庭申报存款 10000.00 元，核实 150000.00 元
 * （中国工商银行 截至 2026-10-31），多出 140000.00 元，超出容差 7500.00 元（持有人：张三）.
 */
export function amountSentence(catalog: Catalog, f: AmountFinding): { zh: string; en: string } {
  const src = sourcesText(catalog, f.found.sources);
  const n = (v: number) => amount(v, f.unit);
  const uz = f.unitZh;
  const ue = UNIT_EN[f.unit] ? ` ${UNIT_EN[f.unit]}` : '';
  const over = f.verified - (f.declared ?? 0);
  const declaredZh = f.declared === null ? `${whoZh(f.who)}未申报${f.zh}` : `${whoZh(f.who)}申报${f.zh} ${n(f.declared)} ${uz}`;
  const declaredEn = f.declared === null ? `${whoEn(f.who)} declared no ${f.en}` : `${whoEn(f.who)} declared ${f.en} of ${n(f.declared)}${ue}`;
  const toleranceZh = f.allowed > 0 ? `，超出容差 ${n(f.allowed)} ${uz}` : '';
  const toleranceEn = f.allowed > 0 ? `, beyond the tolerance of ${n(f.allowed)}${ue}` : '';
  const holders = f.holders ?? [];
  const holdersZh = holders.length > 0 ? `（持有人：${holders.join('、')}）` : '';
  const holdersEn = holders.length > 0 ? ` (held by ${holders.join(', ')})` : '';
  return {
    zh: `${declaredZh}，核实 ${n(f.verified)} ${uz}（${src.zh}），多出 ${n(over)} ${uz}${toleranceZh}${holdersZh}`,
    en: `${declaredEn}; verified ${n(f.verified)}${ue} (${src.en}): ${n(over)}${ue} more${toleranceEn}${holdersEn}`,
  };
}

/** Compared values an accepted objection (复核) replaced, as the figures' sentences say it: `（复核更正：月工资原值 3200 更正为 0，reviewer-wang 依据证据 9c1f2e…）`. */
export function overrideText(catalog: Catalog, overrides: readonly { attribute: string; original: unknown; value: unknown; by: string; evidence: { documentSha256: string } }[]): { zh: string; en: string } {
  if (overrides.length === 0) return { zh: '', en: '' };
  const zh = overrides.map((o) => `${catalog.attribute(o.attribute)?.zh ?? o.attribute}原值 ${String(o.original)} 更正为 ${String(o.value)}，${o.by} 依据证据 ${o.evidence.documentSha256.slice(0, 12)}`);
  const en = overrides.map((o) => `${o.attribute} ${String(o.original)} -> ${String(o.value)}, override by ${o.by} on evidence ${o.evidence.documentSha256.slice(0, 12)}`);
  return { zh: `（复核更正：${zh.join('；')}）`, en: ` (${en.join('; ')})` };
}
