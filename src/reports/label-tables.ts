/**
 * The labels of a report's codes as plain data, with no imports: the server (labels.ts checks the
 * enum tables against the server's types) and the web console (console/src, which cannot import
 * server modules) read the same words, so a label is written once.
 */
/** What people read for the codes of a report: Chinese first, English after. */
export interface Label {
  zh: string;
  en: string;
}

export const PROGRAMME_LABELS = {
  MINIMUM_LIVING: { zh: '最低生活保障（低保）', en: 'Minimum living allowance' },
  EXTREME_POVERTY: { zh: '特困人员救助供养', en: 'Extreme-poverty support' },
  MARGINAL: { zh: '低保边缘家庭', en: 'Marginal (near-threshold) household' },
  RIGID_EXPENDITURE_HARDSHIP: { zh: '刚性支出困难家庭', en: 'Rigid-expenditure hardship' },
  TEMPORARY_ASSISTANCE: { zh: '临时救助', en: 'Temporary assistance' },
} satisfies Record<string, Label>;

export const CONCLUSION_LABELS = {
  ELIGIBLE: { zh: '符合条件', en: 'eligible' },
  NOT_ELIGIBLE: { zh: '不符合条件', en: 'not eligible' },
  PROVISIONAL: { zh: '结论待定（数据未齐）', en: 'provisional (sources missing)' },
} satisfies Record<string, Label>;

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

export const DISCREPANCY_LABELS = {
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
} satisfies Record<string, Label>;

/** Four-colour urgency (四色预警, 沈河区 seed 002), with the level each colour stands for (永定区 seed 003). */
export const URGENCY_LABELS: Record<string, Label> = {
  RED: { zh: '红色（特急救助）', en: 'red (extra-urgent)' },
  YELLOW: { zh: '黄色（联合救助）', en: 'yellow (joint assistance)' },
  BLUE: { zh: '蓝色（部门救助）', en: 'blue (departmental assistance)' },
  GREEN: { zh: '绿色（动态监测）', en: 'green (monitored)' },
};

/** The special groups screened for active discovery (南昌市青云谱区, seed 003), as the shipped policies name them. */
export const SPECIAL_GROUP_LABELS: Record<string, Label> = {
  SERIOUSLY_ILL: { zh: '重病', en: 'seriously ill member' },
  SEVERELY_DISABLED: { zh: '重残', en: 'severely disabled member' },
  EMPTY_NEST_ELDERLY: { zh: '空巢老人', en: 'empty-nest elderly' },
  LONE_VERY_OLD: { zh: '独居高龄老人', en: 'very old person living alone' },
  ORPHAN: { zh: '孤儿', en: 'orphan' },
  LEFT_BEHIND_CHILD: { zh: '留守儿童', en: 'left-behind child' },
  SEVERE_MENTAL_ILLNESS: { zh: '严重精神障碍(狂躁性精神病人)', en: 'severe mental illness' },
};

/** Relation to the head of household (members), or of a supporter to the head. */
export const RELATION_LABELS: Record<string, Label> = {
  HEAD: { zh: '户主', en: 'head' },
  SPOUSE: { zh: '配偶', en: 'spouse' },
  CHILD: { zh: '子女', en: 'child' },
  PARENT: { zh: '父母', en: 'parent' },
  GRANDCHILD: { zh: '孙子女', en: 'grandchild' },
  GRANDPARENT: { zh: '祖父母', en: 'grandparent' },
  SIBLING: { zh: '兄弟姐妹', en: 'sibling' },
  OTHER: { zh: '其他', en: 'other' },
};

export const SEX_LABELS: Record<string, Label> = { MALE: { zh: '男', en: 'male' }, FEMALE: { zh: '女', en: 'female' } };

/** Household income by kind (`assessment.income.byKind`). */
export const INCOME_KIND_LABELS: Record<string, Label> = {
  WAGE: { zh: '工资性收入', en: 'wages' },
  PENSION: { zh: '养老金', en: 'pension' },
  UNEMPLOYMENT: { zh: '失业保险金', en: 'unemployment benefit' },
  BUSINESS: { zh: '经营性收入', en: 'business income' },
  PROPERTY: { zh: '财产性收入', en: 'property income' },
  INTEREST: { zh: '利息收入', en: 'interest' },
  TRANSFER: { zh: '转移性收入（不计入）', en: 'transfers (not counted)' },
  OTHER: { zh: '其他收入', en: 'other income' },
  IMPUTED_INFORMAL_WORK: { zh: '核定务工收入', en: 'imputed informal work' },
  IMPUTED_FARM: { zh: '核定农牧业经营收入', en: 'imputed farm income' },
  SUPPORT: { zh: '赡养费', en: 'support from supporters' },
};

export const HARDSHIP_GROUP_LABELS: Record<string, Label> = {
  STATUS: { zh: '户籍状况（老弱病残等）', en: 'status' },
  INCOME: { zh: '家庭收入', en: 'income' },
  ASSETS: { zh: '家庭财产', en: 'assets' },
};

export const SEVERITY_LABELS: Record<string, Label> = { HIGH: { zh: '高', en: 'high' }, MEDIUM: { zh: '中', en: 'medium' }, LOW: { zh: '低', en: 'low' } };

export const AREA_LABELS: Record<string, Label> = { URBAN: { zh: '城市', en: 'urban' }, RURAL: { zh: '农村', en: 'rural' } };
