import { storedAssessment, type Assessment, type Figure, type FiredVeto, type ProgrammeConclusion } from '../assessment/index.js';
import type { Catalog } from '../catalog/index.js';
import { maskIdNumber } from '../identity/index.js';
import { localTime } from '../regions/index.js';
import { discrepancyText } from './discrepancies.js';
import { AREA_LABELS, bilingual, CONCLUSION_LABELS, DISCREPANCY_LABELS, HARDSHIP_GROUP_LABELS, INCOME_KIND_LABELS, NEED_TAG_LABELS, PROGRAMME_LABELS, PURPOSE_LABELS, RELATION_LABELS, REPORT_STATUS_LABELS, SEVERITY_LABELS, SEX_LABELS, SOURCE_STATUS_LABELS, TARGET_GROUP_LABELS } from './labels.js';
import { missingSources, type ReportBody, type ReportMember } from './report.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value that reaches the page goes through here: names and values come from outside. */
function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function table(headers: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '<p class="none">—</p>';
  return `<table><thead><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const money = (f: Figure | undefined) => (f ? f.value.toFixed(2) : '');

function section(title: string, body: string): string {
  return `<section><h2>${title}</h2>${body}</section>`;
}

function memberRows(members: ReportMember[]): unknown[][] {
  return members.map((m) => [m.name, maskIdNumber(m.idNumber), bilingual(RELATION_LABELS, m.relation), m.birthDate, bilingual(SEX_LABELS, m.sex), m.declaredMonthlyIncome ?? '']);
}

/** A programme's conclusion as one line: the conclusion, the monthly amount and its parts, the grounds read out in Chinese. */
function conclusionLine(e: ProgrammeConclusion): string {
  const part = (p: Figure) => p.zh ?? `${p.rule} ${p.value.toFixed(2)}`;
  const amount = e.benefit ? `（月救助金 ${e.benefit.total.value.toFixed(2)} 元：${e.benefit.parts.map(part).join(' ')}）` : '';
  return `${CONCLUSION_LABELS[e.conclusion].zh}${amount}：${e.grounds.map((g) => g.zh).join('；')}`;
}

function vetoLine(v: FiredVeto): string {
  const outcome = v.outcome === 'DEFER' ? `暂缓 ${v.deferMonths} 个月 DEFER` : '否决 REJECT';
  return `${outcome}：${v.zh} / ${v.en}`;
}

/**
 * The hardship index as the caseworker adds it up: per group (户籍状况, 家庭收入, 家庭财产) its items with
 * their Chinese labels, then the group's subtotal; the index last. An index stored before the
 * itemised one (no groups, no labels) is listed as it was, with the codes.
 */
function hardshipTable(h: Assessment['hardship']): string {
  const head = ['因素 Factor', '权重 Weight', '得分 Score', '分值 Points', '依据属性 Attributes'];
  const item = (c: Assessment['hardship']['contributions'][number]) => [c.zh ? `${c.zh}（${c.factor}）` : c.factor, c.weight, c.score, c.points, c.attributes.join(' ')];
  const index = ['困难指数 Index', '', '', h.index, ''];
  // Stored before the itemised index: no groups.
  const groups = (h.groups as Assessment['hardship']['groups'] | undefined) ?? [];
  if (groups.length === 0) return table(head, [...h.contributions.map(item), index]);
  const rows = groups.flatMap((g) => [
    ...h.contributions.filter((c) => c.group === g.group).map(item),
    [`小计 Subtotal：${g.zh || (HARDSHIP_GROUP_LABELS[g.group]?.zh ?? g.group)}`, g.weight, '', g.points, ''],
  ]);
  return table(head, [...rows, index]);
}

function assessmentSections(stored: Assessment, names: Map<string, string>): string {
  const a = { ...stored, ...storedAssessment(stored) };
  const who = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(', ');
  const figureRow = (label: string, f: Figure) => [label, money(f), f.unit, f.zh ?? f.rule, f.attributes.join(' '), who(f.persons)];
  const figureHead = ['项目 Item', '数值 Value', '单位 Unit', '说明 Explanation', '依据属性 Attributes', '人员 Persons'];
  return [
    section(
      '核对结论 Assessment',
      table(['项目 Item', '结果 Result'], [
        ['政策 Policy', `${a.policy.regionCode} @ ${a.policy.date} (${a.policy.versions.map((v) => `${v.regionCode}/${v.effectiveFrom}`).join(', ')})`],
        ['城乡 Area', bilingual(AREA_LABELS, a.area)],
        ['低保标准 Minimum living standard', a.standards.minimumLiving],
        ['低收入标准 Low-income standard', a.standards.lowIncome],
        ['信息圈 Information circle', a.circle ?? '—'],
        ['困难指数 Hardship index', a.hardship.index],
        ['目标群体 Target groups', a.targetGroups.map((g) => bilingual(TARGET_GROUP_LABELS, g)).join('；')],
        ['需求标签 Need tags', a.needTags.map((t) => bilingual(NEED_TAG_LABELS, t)).join('；')],
        ...a.eligibility.map((e) => [`${PROGRAMME_LABELS[e.programme]?.zh ?? e.programme} ${PROGRAMME_LABELS[e.programme]?.en ?? ''}`, conclusionLine(e)]),
      ]),
    ),
    section(
      '收入 Income (CNY/month)',
      table(figureHead, [
        ...Object.entries(a.income.byKind).map(([kind, f]) => figureRow(bilingual(INCOME_KIND_LABELS, kind), f)),
        figureRow('合计 Gross', a.income.gross),
        figureRow('刚性支出扣减 Rigid deductions', a.income.rigidDeductions),
        figureRow('净收入 Net', a.income.net),
        figureRow('人均 Per capita', a.income.perCapita),
      ]),
    ),
    section(
      '财产 Assets',
      table([...figureHead, '限额 Limit'], [
        [...figureRow('人均存款等 Deposits per capita', a.assets.depositsPerCapita), ''],
        [...figureRow('车辆 Vehicles', a.assets.vehicles), ''],
        [...figureRow('房产 Properties', a.assets.properties), ''],
        [...figureRow('企业资本 Business capital', a.assets.businessCapital), ''],
        ...a.assets.exceeded.map((x) => [...figureRow(`超限 Exceeded: ${x.limit}`, x.figure), x.allowed]),
      ]),
    ),
    section('否决条款 Veto clauses', table(['条款 Clause', '说明 Description', ...figureHead.slice(1)], a.vetoes.map((v) => [v.code, vetoLine(v), ...figureRow('', v.figure).slice(1)]))),
    section('困难指数构成 Hardship index', hardshipTable(a.hardship)),
    section('已享受救助 Assistance already received', table(['属性 Attribute', '人员 Person', '值 Value'], a.currentAssistance.map((c) => [c.attribute, names.get(c.personId) ?? c.personId, c.value]))),
  ].join('');
}

/** A declared asset as printed: a figure, or the deposits declared bank by bank with the banks named. */
function declaredText(value: number | null | readonly { bank: string; amount: number }[], catalog: Catalog): string {
  if (value === null) return '—';
  if (typeof value === 'number') return String(value);
  return value.map((d) => `${catalog.source(d.bank)?.zh ?? d.bank} ${d.amount}`).join(', ') || '—';
}

/**
 * The report a caseworker prints for the file: household, members (masked ID numbers), what each
 * source answered, the assessment with the rule and attributes behind every figure, the
 * discrepancies, and the signature key and hash that let anyone check the printout's origin.
 */
export function renderReportHtml(body: ReportBody, catalog: Catalog, signature: { kid: string; sha256: string }): string {
  const names = new Map([...body.members, ...body.supporters].map((m) => [m.personId, m.name]));
  const label = (code: string) => {
    const a = catalog.attribute(code);
    return a ? `${a.zh} / ${a.en}` : code;
  };
  const values = body.members.flatMap((m) =>
    Object.entries(m.records).flatMap(([, r]) => (r.found ? Object.entries(r.values).filter(([, v]) => v !== null && v !== 0 && v !== false).map(([code, v]) => [m.name, label(code), v, catalog.attribute(code)?.unit ?? '', r.asOf]) : [])),
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>核对报告 Verification report ${esc(body.id)}</title>
<style>body{font:13px/1.4 sans-serif;margin:2em}table{border-collapse:collapse;margin:.5em 0;width:100%}th,td{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}th{background:#eee}h1{font-size:18px}h2{font-size:15px;margin-top:1.5em}.meta td:first-child{width:14em}.none{color:#777}@media print{section{page-break-inside:avoid}}</style>
</head><body>
<h1>家庭经济状况核对报告 Household economic status verification report</h1>
${table(['项目 Item', '内容 Value'], [
  ['报告编号 Report', body.id],
  ['状态 Status', bilingual(REPORT_STATUS_LABELS, body.status)],
  ['未答复来源 Missing sources', missingSources(body).map((m) => `${catalog.source(m.source)?.zh ?? m.source}（${SOURCE_STATUS_LABELS[m.status]?.zh ?? m.status}）`).join('、') || '—'],
  ['生成时间 Created', localTime(body.createdAt, body.household.regionCode)],
  ['完成时间 Completed', body.completedAt ? localTime(body.completedAt, body.household.regionCode) : '—'],
  ['申请编号 Application', body.applicationRef],
  ['目的 Purpose', bilingual(PURPOSE_LABELS, body.purpose)],
  ['核对机构 Requested by', `${body.requester.sub} (${body.requester.org}; ${body.requester.roles.join(', ')})`],
  ['家庭 Household', `${body.household.externalRef} @ ${body.household.regionCode}`],
  ['申报财产 Declared assets', body.household.declaredAssets ? Object.entries(body.household.declaredAssets).map(([k, v]) => `${k}: ${declaredText(v, catalog)}`).join('; ') : '—'],
])}
${section('家庭成员 Members', table(['姓名 Name', '身份证号 ID number', '关系 Relation', '出生 Born', '性别 Sex', '申报月收入 Declared income'], memberRows(body.members)))}
${body.supporters.length ? section('赡养人 Supporters', table(['姓名 Name', '身份证号 ID number', '关系 Relation', '出生 Born', '性别 Sex', ''], memberRows(body.supporters))) : ''}
${section('数据来源 Sources', table(['来源 Source', '状态 Status', '耗时 Latency ms', '说明 Error'], body.sources.map((s) => [`${catalog.source(s.source)?.zh ?? s.source} (${s.source})`, bilingual(SOURCE_STATUS_LABELS, s.status), Math.round(s.latencyMs), s.error ?? ''])))}
${section('不一致项 Discrepancies', table(['类型 Kind', '严重度 Severity', '人员 Person', '申报 Declared', '核实 Verified', '说明 Finding', '依据属性 Attributes'], body.discrepancies.map((d) => [bilingual(DISCREPANCY_LABELS, d.kind), bilingual(SEVERITY_LABELS, d.severity), d.personId ? names.get(d.personId) ?? '' : '家庭 household', d.declared ?? '—', d.verified, discrepancyText(d).zh, d.attributes.join(' ')])))}
${body.assessment ? assessmentSections(body.assessment, names) : section('核对结论 Assessment', '<p class="none">待银行等来源答复后生成 Pending: produced when every source has answered.</p>')}
${section('核实数据 Verified values (non-zero)', table(['人员 Person', '属性 Attribute', '值 Value', '单位 Unit', '截至 As of'], values))}
${section('签名 Signature', table(['项目 Item', '内容 Value'], [['签名密钥 Signing key (kid)', signature.kid], ['报告哈希 Report SHA-256 (canonical JSON)', signature.sha256], ['验证 Verify', 'npm run -s verify-report -- <file with the report JWS> ; keys at /.well-known/jwks.json']]))}
</body></html>
`;
}
