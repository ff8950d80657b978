import { eachFigure, type Assessment, type Figure } from '../assessment/index.js';
import type { Catalog, Source } from '../catalog/index.js';
import type { ReportBody, ReportMember } from './report.js';

/*
 * The sentences a caseworker reads out: for every figure of an assessment, what it is (its rule),
 * the amount, whom it concerns, which agency said so and as of when, and whether it is verified.
 * Built when the report is assessed, so the GraphQL report, the printable report and the signed
 * body carry the same words.
 */

interface Label {
  zh: string;
  en: string;
}

const INCOME_KIND: Record<string, Label> = {
  wage: { zh: '工资性收入', en: 'wage income' },
  pension: { zh: '养老金', en: 'pension' },
  unemployment: { zh: '失业保险金', en: 'unemployment benefit' },
  business: { zh: '经营性收入', en: 'business income' },
  property: { zh: '财产性收入', en: 'property income' },
  interest: { zh: '利息收入', en: 'interest income' },
  transfer: { zh: '转移性收入', en: 'transfer income' },
  other: { zh: '其他收入', en: 'other income' },
  'imputed-informal-work': { zh: '核定灵活就业收入', en: 'imputed informal-work income' },
  'imputed-farm': { zh: '核定农业生产经营收入', en: 'imputed farm income' },
  support: { zh: '赡养费', en: 'support from supporters' },
};

const RIGID_KIND: Record<string, Label> = {
  medical: { zh: '自付医疗费用', en: 'out-of-pocket medical costs' },
  tuition: { zh: '教育费用', en: 'tuition' },
  'pension-contribution': { zh: '养老保险缴费', en: 'pension contributions' },
};

/** Rule ids (exact) and their names. Rules with a variable part are named in `labelOf`. */
const RULES: Record<string, Label> = {
  'household.gross.counted-members': { zh: '家庭月总收入', en: 'Household monthly income' },
  'household.net': { zh: '家庭月收入（扣除刚性支出后）', en: 'Household monthly income after rigid expenditure' },
  'household.per-capita.counted-members': { zh: '家庭月人均收入', en: 'Household monthly income per person' },
  'household.per-capita-before-deductions.counted-members': { zh: '家庭月人均收入（扣除刚性支出前）', en: 'Household monthly income per person before rigid expenditure' },
  'household.rigid-deductions.counted-members': { zh: '家庭月刚性支出', en: 'Household rigid expenditure a month' },
  'household.counted-members': { zh: '计入家庭成员', en: 'Members counted' },
  'household.vetoes': { zh: '一票否决情形', en: 'Veto clauses that apply' },
  'imputed.informal-work': { zh: '核定灵活就业收入', en: 'Imputed informal-work income' },
  'imputed.farm': { zh: '核定农业生产经营收入', en: 'Imputed farm income' },
  'labour.coefficient.table': { zh: '劳动能力系数', en: 'Labour-capacity coefficient' },
  'labour.coefficient.not-counted': { zh: '劳动能力系数（不计入家庭成员）', en: 'Labour-capacity coefficient (not counted)' },
  'assets.deposits-per-capita.all-holdings': { zh: '家庭人均存款、理财、基金和证券', en: 'Deposits, wealth products, funds and securities per person' },
  'assets.vehicles': { zh: '机动车', en: 'Vehicles' },
  'assets.vehicle-value': { zh: '机动车价值', en: 'Value of vehicles' },
  'assets.properties': { zh: '房产', en: 'Properties' },
  'assets.business-capital': { zh: '企业注册资本', en: 'Registered business capital' },
  'assets.business-count': { zh: '企业', en: 'Businesses' },
  'assets.securities': { zh: '证券市值', en: 'Securities' },
  'benefit.minimum-living.gap': { zh: '低保补差', en: 'Minimum living allowance (gap to the standard)' },
  'benefit.minimum-living.total': { zh: '低保金合计', en: 'Minimum living allowance in all' },
  'benefit.extreme-poverty.basic-living': { zh: '特困人员基本生活费', en: 'Extreme-poverty basic living allowance' },
  'benefit.extreme-poverty.total': { zh: '特困供养金合计', en: 'Extreme-poverty support in all' },
  'extreme-poverty.qualifying-members': { zh: '符合特困条件的成员', en: 'Members meeting the extreme-poverty criteria' },
  'support.no-record': { zh: '赡养费（赡养人无收入记录，未经核实）', en: 'Support (no income record of the supporter: not verified)' },
  'support.exempt': { zh: '赡养费（赡养人免于核定）', en: 'Support (supporter exempt)' },
  'support.deceased': { zh: '赡养费（赡养人已故）', en: 'Support (supporter deceased)' },
  'support.no-parent-in-household': { zh: '赡养费（家庭中无其父母）', en: 'Support (no parent of theirs in the household)' },
  'support.per-parent-share.base': { zh: '赡养费（按基础比例）', en: 'Support (base share)' },
  'support.per-parent-share.raised': { zh: '赡养费（按提高比例）', en: 'Support (raised share)' },
  'support.supporter-income': { zh: '赡养人月收入', en: "Supporter's monthly income" },
};

const CARE: Record<string, Label> = {
  'full-self-care': { zh: '生活能够自理', en: 'fully self-caring' },
  'partial-self-care': { zh: '生活部分自理', en: 'partly self-caring' },
  'no-self-care': { zh: '生活不能自理', en: 'not self-caring' },
};

/** The names the region's policy gives its classified increments (分类施保), by code. */
export type IncrementLabels = ReadonlyMap<string, Label>;

/** The name of a rule, or null for a rule this table does not know (a test keeps the table complete). */
export function labelOf(rule: string, increments?: IncrementLabels): Label | null {
  if (RULES[rule]) return RULES[rule]!;
  const m = /^(income|rigid|household\.income)\.([a-z-]+)(\.max-of-sources)?$/.exec(rule);
  if (m) {
    const kind = m[1] === 'rigid' ? RIGID_KIND[m[2]!] : INCOME_KIND[m[2]!];
    if (kind) return m[1] === 'household.income' ? { zh: `家庭${kind.zh}`, en: `Household ${kind.en}` } : { zh: kind.zh, en: kind.en[0]!.toUpperCase() + kind.en.slice(1) };
  }
  if (rule.startsWith('benefit.increment.')) {
    const increment = increments?.get(rule.slice(18));
    return increment ? { zh: `分类施保：${increment.zh}`, en: `Classified increment: ${increment.en}` } : { zh: `分类施保增发（${rule.slice(18)}）`, en: `Classified increment (${rule.slice(18)})` };
  }
  if (rule.startsWith('benefit.extreme-poverty.care.')) {
    const level = CARE[rule.slice(29)];
    return { zh: `特困人员照料护理费（${level?.zh ?? rule.slice(29)}）`, en: `Extreme-poverty care allowance (${level?.en ?? rule.slice(29)})` };
  }
  if (rule.startsWith('veto.')) return { zh: '否决条款依据', en: 'What the veto clause found' };
  return null;
}

const money = (v: number) => v.toFixed(2);

function amount(f: Figure): Label {
  switch (f.unit) {
    case 'CNY/month':
      return { zh: `每月 ${money(f.value)} 元`, en: `${money(f.value)} CNY a month` };
    case 'CNY':
      return { zh: `${money(f.value)} 元`, en: `${money(f.value)} CNY` };
    case 'ratio':
      return { zh: `${(f.value * 100).toFixed(1)}%`, en: `${(f.value * 100).toFixed(1)}%` };
    case 'coefficient':
      return { zh: `系数 ${f.value}`, en: `coefficient ${f.value}` };
    case 'points':
      return { zh: `${f.value} 分`, en: `${f.value} points` };
    default:
      return { zh: `${f.value}`, en: `${f.value}` };
  }
}

/**
 * What the sentences of one assessment read again and again, worked out once per
 * `explainAssessment` (never kept: a report's records change as answers arrive): whether any
 * person carries an objection's override, how a source is named with its date for a figure's
 * persons, and the rules' names.
 */
interface Context {
  persons: ReadonlyMap<string, ReportMember>;
  catalog: Catalog;
  increments: IncrementLabels;
  /** Whether any person has overrides (else no figure names one). */
  overrides: boolean;
  labels: Map<string, Label | null>;
  /** Source id -> the figure's persons -> how the figure names the source (`named`). */
  named: Map<string, Map<string, string>>;
}

function contextOf(persons: ReadonlyMap<string, ReportMember>, catalog: Catalog, increments: IncrementLabels): Context {
  return { persons, catalog, increments, overrides: [...persons.values()].some((m) => m.overrides !== undefined && m.overrides !== null), labels: new Map(), named: new Map() };
}

/**
 * A source as a figure names it: `中国工商银行（截至 2026-10-31）`, the last date of the found
 * records of the figure's persons (none: everyone's); worked out once per source and persons.
 */
function named(ctx: Context, source: Source, persons: readonly string[]): string {
  let bySource = ctx.named.get(source.id);
  if (!bySource) ctx.named.set(source.id, (bySource = new Map()));
  // Person ids are hub-made, never empty nor holding U+0000: one is its own key, several joined by it, none (everyone) is U+0000.
  const key = persons.length === 1 ? persons[0]! : persons.length === 0 ? '\u0000' : persons.join('\u0000');
  let text = bySource.get(key);
  if (text === undefined) {
    const dates: string[] = [];
    for (const m of ctx.persons.values()) {
      const r = m.records[source.id];
      if (r?.found && (persons.length === 0 || persons.includes(m.personId))) dates.push(r.asOf);
    }
    text = dates.length > 0 ? `${source.zh}（截至 ${dates.sort().at(-1)}）` : source.zh;
    bySource.set(key, text);
  }
  return text;
}

/** Which agencies the figure's attributes came from, each with the date its records are as of. */
function agencies(f: Figure, ctx: Context): Label | null {
  const { catalog } = ctx;
  const seen = new Map<string, string>();
  for (const code of f.attributes) {
    const attribute = catalog.attribute(code);
    const source = attribute && catalog.source(attribute.source);
    if (!source || seen.has(source.id)) continue;
    seen.set(source.id, named(ctx, source, f.persons));
  }
  if (seen.size === 0) return null;
  const ids = [...seen.keys()].map((id) => catalog.source(id)!.en);
  return { zh: `依据：${[...seen.values()].join('、')}`, en: `from ${ids.join(', ')}` };
}

/** Values of the figure's attributes an accepted objection (复核) replaced: which, by whom, on which evidence (its SHA-256, first 12 digits). */
function overridden(f: Figure, ctx: Context): Label | null {
  if (!ctx.overrides) return null;
  const { persons, catalog } = ctx;
  const found = [...persons.values()].flatMap((m) => (f.persons.length === 0 || f.persons.includes(m.personId) ? f.attributes.flatMap((code) => (m.overrides?.[code] ? [{ code, o: m.overrides[code]! }] : [])) : []));
  if (found.length === 0) return null;
  const zh = found.map(({ code, o }) => `${catalog.attribute(code)?.zh ?? code}原值 ${String(o.original)} 更正为 ${String(o.value)}，${o.by} 依据证据 ${o.evidence.documentSha256.slice(0, 12)}`);
  const en = found.map(({ code, o }) => `${code} ${String(o.original)} -> ${String(o.value)}, override by ${o.by} on evidence ${o.evidence.documentSha256.slice(0, 12)}`);
  return { zh: `（复核更正：${zh.join('；')}）`, en: ` (${en.join('; ')})` };
}

/** The rule's name (`labelOf`), worked out once per rule. */
function labelFor(rule: string, ctx: Context): Label | null {
  if (ctx.labels.has(rule)) return ctx.labels.get(rule)!;
  const label = labelOf(rule, ctx.increments);
  ctx.labels.set(rule, label);
  return label;
}

function sentence(f: Figure, ctx: Context): Label {
  const { persons, catalog } = ctx;
  const label = labelFor(f.rule, ctx) ?? { zh: f.rule, en: f.rule };
  const value = amount(f);
  const names = f.persons.map((p) => persons.get(p)?.name).filter((n): n is string => !!n);
  const who: Label = names.length > 0 && names.length <= 3 ? { zh: `（${names.join('、')}）`, en: ` (${names.join(', ')})` } : { zh: '', en: '' };
  const from = agencies(f, ctx);
  const unverified: Label | null = f.provisional?.length
    ? { zh: `；未经核实：${f.provisional.map((m) => `${catalog.source(m.source)?.zh ?? m.source}${STATUS_ZH[m.status]}`).join('、')}`, en: `; not verified: ${f.provisional.map((m) => `${m.source} ${m.status.toLowerCase()}`).join(', ')}` }
    : null;
  const override = overridden(f, ctx);
  return {
    zh: `${label.zh}${who.zh} ${value.zh}${from ? `，${from.zh}` : ''}${override?.zh ?? ''}${unverified?.zh ?? ''}。`,
    en: `${label.en}${who.en}: ${value.en}${from ? `, ${from.en}` : ''}${override?.en ?? ''}${unverified?.en ?? ''}.`,
  };
}

const STATUS_ZH: Record<string, string> = { TIMEOUT: '超时未答复', UNAVAILABLE: '不可用', PENDING: '尚未答复', NOT_ASKED: '未查询' };

/** Gives every figure of the assessment its sentences (in place). */
export function explainAssessment(assessment: Assessment, body: Pick<ReportBody, 'members' | 'supporters'>, catalog: Catalog, increments: IncrementLabels = new Map()): Assessment {
  const ctx = contextOf(new Map([...body.members, ...body.supporters].map((m) => [m.personId, m])), catalog, increments);
  eachFigure(assessment, (f) => {
    const s = sentence(f, ctx);
    f.zh = s.zh;
    f.en = s.en;
  });
  return assessment;
}
