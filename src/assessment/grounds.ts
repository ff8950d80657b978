import type { PolicyParameters } from '../regional-policy/index.js';
import type { Assessment, Figure, Ground } from './model.js';
import { figure } from './read.js';

/** The sentences of the grounds: what a caseworker reads out, with the amounts, in Chinese and English. */

export const money = (v: number): string => v.toFixed(2);

export type Area = 'URBAN' | 'RURAL';
const AREA_ZH: Record<Area, string> = { URBAN: '城市', RURAL: '农村' };
const AREA_EN: Record<Area, string> = { URBAN: 'urban', RURAL: 'rural' };

export function ground(code: string, holds: boolean, zh: string, en: string, figure: Figure | null = null): Ground {
  // Keys in canonical order, as the report's objects are built (canonical/inKeyOrder).
  return { code, en, figure, holds, zh };
}

export function membersCounted(n: number): Ground {
  return n > 0
    ? ground('MEMBERS_COUNTED', true, `计入家庭成员 ${n} 人`, `${n} member(s) counted`)
    : ground('MEMBERS_COUNTED', false, '无可计入的家庭成员（均已死亡或正在服刑）', 'No living member outside prison to assess');
}

/** Per-capita income against a standard: `deducted` says whether rigid expenditure was taken off first. */
export function incomeBelow(code: string, perCapita: Figure, standard: number, which: 'MINIMUM_LIVING' | 'LOW_INCOME', area: Area, deducted: boolean): Ground {
  const holds = perCapita.value < standard;
  const zhWhat = `${deducted ? '家庭月人均收入（扣除刚性支出后）' : '家庭月人均收入'} ${money(perCapita.value)} 元`;
  const enWhat = `Household monthly income per person${deducted ? ' after rigid expenditure' : ''} ${money(perCapita.value)} CNY`;
  const zhStd = `本地${AREA_ZH[area]}${which === 'MINIMUM_LIVING' ? '低保标准' : '低收入标准'} ${money(standard)} 元`;
  const enStd = `the local ${AREA_EN[area]} ${which === 'MINIMUM_LIVING' ? 'minimum living standard' : 'low-income standard'} ${money(standard)} CNY`;
  return ground(code, holds, `${zhWhat}，${holds ? '低于' : '不低于'}${zhStd}`, `${enWhat}, ${holds ? 'below' : 'not below'} ${enStd}`, perCapita);
}

const LIMITS: Record<keyof PolicyParameters['assetLimits'], { code: string; zh: string; en: string; unitZh: string }> = {
  depositsPerCapita: { code: 'DEPOSITS_PER_CAPITA', zh: '人均存款、理财、基金和证券', en: 'Deposits per person', unitZh: '元' },
  vehicles: { code: 'VEHICLES', zh: '机动车', en: 'Vehicles', unitZh: '辆' },
  properties: { code: 'PROPERTIES', zh: '房产', en: 'Properties', unitZh: '套' },
  businessCapital: { code: 'BUSINESS_CAPITAL', zh: '企业注册资本', en: 'Business capital', unitZh: '元' },
};

/** The asset test under one set of limits (低保's, or the marginal households' own). */
export function assetGrounds(exceeded: Assessment['assets']['exceeded'], marginal: boolean): Ground[] {
  const which = marginal ? '低保边缘家庭' : '低保';
  if (exceeded.length === 0) return [ground(marginal ? 'MARGINAL_ASSETS_WITHIN_LIMITS' : 'ASSETS_WITHIN_LIMITS', true, `家庭财产未超过本地${which}财产限额`, marginal ? 'Assets within the marginal-household limits' : 'Assets within the limits')];
  return exceeded.map((e) => {
    const l = LIMITS[e.limit];
    const count = e.figure.unit === 'count';
    const v = count ? String(e.figure.value) : money(e.figure.value);
    const a = count ? String(e.allowed) : money(e.allowed);
    return ground(`${marginal ? 'MARGINAL_' : ''}ASSET_LIMIT_${l.code}`, false, `${l.zh} ${v} ${l.unitZh}，超过本地${which}限额 ${a} ${l.unitZh}`, `${l.en} ${v} above the limit ${a}`, e.figure);
  });
}

/** The veto test: every clause that fired, rejecting or deferring. */
export function vetoGrounds(fired: Assessment['vetoes']): Ground[] {
  if (fired.length === 0) return [ground('NO_VETO', true, '无一票否决情形', 'No veto clause applies')];
  return fired.map((v) =>
    v.outcome === 'DEFER'
      ? ground(`VETO_${v.code}`, false, `暂缓申请 ${v.deferMonths} 个月：${v.zh}`, `Deferred ${v.deferMonths} months (${v.code}): ${v.en}`, v.figure)
      : ground(`VETO_${v.code}`, false, `一票否决：${v.zh}`, `Veto ${v.code}: ${v.en}`, v.figure),
  );
}

/** Rigid expenditure above a share of income (刚性支出困难, and temporary assistance outside an emergency). */
export function rigidShare(code: string, rigid: Figure, gross: Figure, share: number): Ground {
  const bound = gross.value * share;
  const holds = rigid.value > bound;
  const pct = `${money(share * 100).replace(/\.?0+$/, '')}%`;
  return ground(
    code,
    holds,
    `家庭月刚性支出 ${money(rigid.value)} 元，${holds ? '超过' : '未超过'}家庭月收入 ${money(gross.value)} 元的 ${pct}（${money(bound)} 元）`,
    `Household rigid expenditure ${money(rigid.value)} CNY a month, ${holds ? 'above' : 'not above'} ${pct} of its monthly income ${money(gross.value)} CNY (${money(bound)} CNY)`,
    rigid,
  );
}

/** Per-capita income below a multiple of the low-income standard (刚性支出困难's income ceiling). */
export function incomeBelowMultiple(perCapita: Figure, lowIncome: number, multiple: number, area: Area): Ground {
  const bound = lowIncome * multiple;
  const holds = perCapita.value < bound;
  return ground(
    'INCOME_BELOW_LOW_INCOME_MULTIPLE',
    holds,
    `家庭月人均收入 ${money(perCapita.value)} 元，${holds ? '低于' : '不低于'}本地${AREA_ZH[area]}低收入标准 ${money(lowIncome)} 元的 ${multiple} 倍（${money(bound)} 元）`,
    `Household monthly income per person ${money(perCapita.value)} CNY, ${holds ? 'below' : 'not below'} ${multiple} times the local ${AREA_EN[area]} low-income standard ${money(lowIncome)} CNY (${money(bound)} CNY)`,
    perCapita,
  );
}

/** Relations (to the head) of a supporter outside the household, as a caseworker reads them. */
const SUPPORTER_RELATION_ZH: Record<string, string> = { CHILD: '子女', PARENT: '父母', SIBLING: '兄弟姐妹', GRANDCHILD: '孙子女', GRANDPARENT: '祖父母', SPOUSE: '配偶', OTHER: '其他亲属' };

/**
 * Supporters of whom no income source has a record (`support.no-record`): their support is counted as
 * 0, and the conclusion says so — it rests on an unknown, not on a supporter earning nothing. Null
 * when every supporter's figure rests on a record (or an exemption).
 */
export function supporterIncomeUnverified(unverified: readonly { personId: string; relation: string }[]): Ground | null {
  if (unverified.length === 0) return null;
  const relations = [...new Set(unverified.map((s) => SUPPORTER_RELATION_ZH[s.relation] ?? s.relation))].join('、');
  const ids = unverified.map((s) => s.personId);
  const who = unverified.length === 1 ? `赡养人（${relations}）` : `赡养人 ${unverified.length} 人（${relations}）`;
  const whoEn = unverified.length === 1 ? `The supporter (${unverified[0]!.relation.toLowerCase()})` : `${unverified.length} supporters`;
  return ground(
    'SUPPORTER_INCOME_UNVERIFIED',
    true,
    `${who}无收入记录，赡养费按 0 计，未经核实`,
    `${whoEn}: no income on record, support counted as 0, not verified`,
    figure(0, 'CNY/month', 'support.no-record', [], ids),
  );
}

/** A programme whose parameters the policy in force does not set (a version from before they existed). */
export function policyNotSet(): Ground {
  return ground('POLICY_NOT_SET', false, '适用的救助政策版本未规定该项目的认定参数', 'The policy version in force does not set this programme’s parameters');
}
