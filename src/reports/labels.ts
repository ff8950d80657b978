import type { Conclusion, Programme } from '../assessment/index.js';
import type { DiscrepancyKind } from './report.js';

/** What people read for the codes of a report: Chinese first, English after. */
export interface Label {
  zh: string;
  en: string;
}

export const PROGRAMME_LABELS: Record<Programme, Label> = {
  MINIMUM_LIVING: { zh: '最低生活保障（低保）', en: 'Minimum living allowance' },
  EXTREME_POVERTY: { zh: '特困人员救助供养', en: 'Extreme-poverty support' },
  MARGINAL: { zh: '低保边缘家庭', en: 'Marginal (near-threshold) household' },
  RIGID_EXPENDITURE_HARDSHIP: { zh: '刚性支出困难家庭', en: 'Rigid-expenditure hardship' },
  TEMPORARY_ASSISTANCE: { zh: '临时救助', en: 'Temporary assistance' },
};

export const CONCLUSION_LABELS: Record<Conclusion, Label> = {
  ELIGIBLE: { zh: '符合条件', en: 'eligible' },
  NOT_ELIGIBLE: { zh: '不符合条件', en: 'not eligible' },
  PROVISIONAL: { zh: '结论待定（数据未齐）', en: 'provisional (sources missing)' },
};

export const REPORT_STATUS_LABELS: Record<string, Label> = {
  COMPLETE: { zh: '核对完成', en: 'complete' },
  INCOMPLETE: { zh: '核对未完成（部分来源未答复）', en: 'incomplete (sources did not answer)' },
  PENDING: { zh: '等待答复', en: 'pending' },
};

export const SOURCE_STATUS_LABELS: Record<string, Label> = {
  OK: { zh: '已答复', en: 'answered' },
  NOT_FOUND: { zh: '无记录', en: 'no record' },
  TIMEOUT: { zh: '超时', en: 'timed out' },
  UNAVAILABLE: { zh: '不可用', en: 'unavailable' },
  PENDING: { zh: '等待答复', en: 'pending' },
  NOT_ASKED: { zh: '未查询', en: 'not asked' },
};

export const PURPOSE_LABELS: Record<string, Label> = {
  NEW_APPLICATION: { zh: '新申请', en: 'new application' },
  PERIODIC_REVIEW: { zh: '定期复核', en: 'periodic review' },
  URGENT_ASSISTANCE: { zh: '急难救助', en: 'urgent assistance' },
  LOW_INCOME_MONITORING: { zh: '低收入人口监测', en: 'low-income monitoring' },
};

export const TARGET_GROUP_LABELS: Record<string, Label> = {
  MINIMUM_LIVING_RECIPIENTS: { zh: '城乡低保对象', en: 'minimum-living recipients' },
  EXTREME_POVERTY: { zh: '特困人员', en: 'people in extreme poverty' },
  PERSONS_WITH_DISABILITIES: { zh: '残疾人', en: 'persons with disabilities' },
  ORPHANS_AND_UNSUPPORTED_CHILDREN: { zh: '孤儿和事实无人抚养儿童', en: 'orphans and de-facto unsupported children' },
  MARGINAL_HOUSEHOLDS: { zh: '低保边缘家庭', en: 'marginal households' },
  RELAPSE_MONITORED: { zh: '防止返贫监测对象', en: 'monitored against relapse into poverty' },
  RIGID_EXPENDITURE_HARDSHIP: { zh: '刚性支出困难家庭', en: 'rigid-expenditure hardship' },
};

export const NEED_TAG_LABELS: Record<string, Label> = {
  ILLNESS: { zh: '因病', en: 'illness' },
  EDUCATION: { zh: '因学', en: 'education' },
  SEVERE_DISABILITY: { zh: '因残', en: 'severe disability' },
  ACCIDENT: { zh: '因灾因意外', en: 'accident' },
};

export const DISCREPANCY_LABELS: Record<DiscrepancyKind, Label> = {
  INCOME_ABOVE_DECLARED: { zh: '收入高于申报', en: 'income above declared' },
  WAGE_ABOVE_DECLARED: { zh: '工资性收入高于申报', en: 'wage income above declared' },
  BUSINESS_INCOME_ABOVE_DECLARED: { zh: '经营性收入高于申报', en: 'business income above declared' },
  PENSION_ABOVE_DECLARED: { zh: '养老金高于申报', en: 'pension above declared' },
  PROPERTY_INCOME_ABOVE_DECLARED: { zh: '财产性收入高于申报', en: 'property income above declared' },
  TRANSFER_INCOME_ABOVE_DECLARED: { zh: '转移性收入高于申报', en: 'transfer income above declared' },
  OTHER_INCOME_ABOVE_DECLARED: { zh: '其他收入高于申报', en: 'other income above declared' },
  UNREPORTED_EMPLOYMENT: { zh: '未申报就业', en: 'unreported employment' },
  UNDECLARED_VEHICLE: { zh: '未申报车辆', en: 'undeclared vehicle' },
  DEPOSITS_ABOVE_DECLARED: { zh: '存款高于申报', en: 'deposits above declared' },
  DEPOSITS_AT_BANK_ABOVE_DECLARED: { zh: '单一银行存款高于申报', en: 'deposits at a bank above declared' },
  WEALTH_PRODUCTS_ABOVE_DECLARED: { zh: '理财产品高于申报', en: 'wealth products above declared' },
  FUNDS_ABOVE_DECLARED: { zh: '基金高于申报', en: 'funds above declared' },
  SECURITIES_ABOVE_DECLARED: { zh: '证券高于申报', en: 'securities above declared' },
  HOUSING_FUND_ABOVE_DECLARED: { zh: '住房公积金余额高于申报', en: 'housing fund above declared' },
  INSURANCE_ABOVE_DECLARED: { zh: '商业保险现金价值高于申报', en: 'insurance cash value above declared' },
  BUSINESS_CAPITAL_ABOVE_DECLARED: { zh: '企业注册资本高于申报', en: 'business capital above declared' },
  LAND_ABOVE_DECLARED: { zh: '承包土地面积高于申报', en: 'contracted land above declared' },
  UNDECLARED_PROPERTY: { zh: '未申报房产', en: 'undeclared property' },
  UNDECLARED_BUSINESS: { zh: '未申报企业', en: 'undeclared business' },
  MEMBER_DECEASED: { zh: '家庭成员已死亡', en: 'member deceased' },
  MEMBER_IMPRISONED: { zh: '家庭成员在监服刑', en: 'member imprisoned' },
  MEMBER_ON_PUBLIC_PAYROLL: { zh: '家庭成员财政供养或在编', en: 'member on the public payroll' },
  MEMBER_HUKOU_MOVED_OUT: { zh: '家庭成员户籍已迁出', en: 'member hukou moved out' },
};

export const SEVERITY_LABELS: Record<string, Label> = { HIGH: { zh: '高', en: 'high' }, MEDIUM: { zh: '中', en: 'medium' }, LOW: { zh: '低', en: 'low' } };

export const AREA_LABELS: Record<string, Label> = { URBAN: { zh: '城市', en: 'urban' }, RURAL: { zh: '农村', en: 'rural' } };

/** `中文 English` for a code of one of the lists above; the code itself when the list does not know it. */
export function bilingual(labels: Record<string, Label>, code: string): string {
  const l = labels[code];
  return l ? `${l.zh} ${l.en}` : code;
}
