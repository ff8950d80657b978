import type { ChangeKind, ChangeValue } from './detect.js';

const KINDS: Record<ChangeKind, { zh: string; en: string }> = {
  NEW_VEHICLE: { zh: '新增车辆', en: 'New vehicle' },
  NEW_PROPERTY: { zh: '新增房产', en: 'New property' },
  NEW_BUSINESS: { zh: '新办企业', en: 'New business' },
  NEW_EMPLOYMENT: { zh: '新就业', en: 'New employment' },
  INCOME_CHANGE: { zh: '收入变化', en: 'Income change' },
  DEATH: { zh: '成员死亡', en: 'Death of a member' },
  MOVED_OUT: { zh: '户籍迁出', en: 'Moved out' },
  MEMBER_ADDED: { zh: '家庭成员增加', en: 'Member added' },
  MEMBER_REMOVED: { zh: '家庭成员减少', en: 'Member removed' },
  CONCLUSION_CHANGED: { zh: '核对结论变化（急难救助先行批准后）', en: 'Conclusion changed (after an urgent provisional approval)' },
};

const shown = (v: ChangeValue): string => (Array.isArray(v) ? v.join('、') : v === null ? '无' : String(v));

/** A change event as a sentence an assistance office can read: what changed, from what to what. */
export function describeChange(kind: ChangeKind, details: { before: ChangeValue; after: ChangeValue }): { zh: string; en: string } {
  const k = KINDS[kind];
  if (kind === 'MEMBER_ADDED' || kind === 'MEMBER_REMOVED') return { zh: `${k.zh}`, en: k.en };
  return { zh: `${k.zh}：由 ${shown(details.before)} 变为 ${shown(details.after)}`, en: `${k.en}: from ${shown(details.before)} to ${shown(details.after)}` };
}
