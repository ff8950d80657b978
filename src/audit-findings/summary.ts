import type { FindingRule } from './model.js';

/** A finding read out, Chinese first: from its rule and figures, so the figures are stored once. */
export interface FindingSummary {
  zh: string;
  en: string;
}

type Params = Record<string, unknown>;

const n = (v: unknown): string => (typeof v === 'number' ? String(v) : '?');
const s = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(', ') : '?');

const RELATIONS: Record<string, FindingSummary> = {
  SAME_HOUSEHOLD: { zh: '同一户成员', en: 'a member of the account holder’s own household' },
  SURNAME_AND_ADDRESS: { zh: '同姓且户籍地址相同', en: 'sharing the account holder’s surname and registered address' },
};

const TEXTS: Record<FindingRule, (p: Params, evidence: number) => FindingSummary> = {
  LOOKUP_WITHOUT_APPLICATION: (p, e) => ({ zh: `${s(p.day)} 有 ${e} 次查询没有有效的申请编号`, en: `${e} look-up(s) on ${s(p.day)} without a valid application reference` }),
  APPLICATION_REF_REUSED: (p) => ({ zh: `申请编号 ${s(p.applicationRef)} 被用于 ${n(p.households)} 户家庭的核对`, en: `application reference ${s(p.applicationRef)} used to verify ${n(p.households)} different households` }),
  OUTSIDE_CASELOAD: (p) => ({ zh: `${s(p.day)} 查询了 ${n(p.households)} 户常办区域以外的家庭（阈值 ${n(p.threshold)}）：${s(p.regions)}`, en: `${n(p.households)} households outside the usual caseload looked up on ${s(p.day)} (threshold ${n(p.threshold)}): ${s(p.regions)}` }),
  PERSON_MANY_ACTORS: (p) => ({ zh: `${n(p.days)} 天内有 ${n(p.actors)} 名不同人员查询同一人（阈值 ${n(p.threshold)}）`, en: `the same person looked up by ${n(p.actors)} different people within ${n(p.days)} days (threshold ${n(p.threshold)})` }),
  OFF_HOURS: (p, e) => ({ zh: `${s(p.day)} 非工作时间查询 ${e} 次（${s(p.times)}）`, en: `${e} look-up(s) outside working hours on ${s(p.day)} (${s(p.times)})` }),
  BULK_READS: (p) => ({ zh: `${s(p.day)} 查询 ${n(p.lookups)} 次，同单位同类账号中位数 ${n(p.peerMedian)}（${n(p.peers)} 个账号）`, en: `${n(p.lookups)} look-ups on ${s(p.day)} against a median of ${n(p.peerMedian)} among ${n(p.peers)} peer accounts` }),
  RELATIVE_LOOKUP: (p) => {
    const r = RELATIONS[s(p.relation)] ?? { zh: '亲属', en: 'a relative' };
    return { zh: `查询了与账号本人${r.zh}的人员`, en: `looked up a person ${r.en}` };
  },
  REFUSAL_SPIKE: (p) => ({ zh: `${s(p.day)} ${n(p.minutes)} 分钟内被拒绝 ${n(p.refusals)} 次（阈值 ${n(p.threshold)}）：${s(p.codes)}`, en: `${n(p.refusals)} refusals within ${n(p.minutes)} minutes on ${s(p.day)} (threshold ${n(p.threshold)}): ${s(p.codes)}` }),
  CONSENT_QUICK_USE_ELSEWHERE: (p) => ({ zh: `户籍在外地人员的授权登记后 ${n(p.minutes)} 分钟内即被用于核对（阈值 ${n(p.threshold)} 分钟）`, en: `consents of persons registered elsewhere used ${n(p.minutes)} minute(s) after registration (threshold ${n(p.threshold)})` }),
  REPEATED_OVERRIDES: (p) => ({ zh: `${n(p.days)} 天内同一人的部门数据经复核被改写 ${n(p.overrides)} 次（阈值 ${n(p.threshold)}）`, en: `the same person’s agency values overridden by objections ${n(p.overrides)} times within ${n(p.days)} days (threshold ${n(p.threshold)})` }),
};

export function describeFinding(rule: FindingRule, params: Params, evidenceCount: number): FindingSummary {
  return TEXTS[rule](params, evidenceCount);
}
