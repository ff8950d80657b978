import { auditAdminEn, auditAdminZh } from './audit-admin/messages';
import { householdsEn, householdsZh } from './households/messages';
import { VERIFICATION_EN, VERIFICATION_ZH } from './verification/messages';

/**
 * The console's words in Simplified Chinese (the default: caseworkers work in Chinese) and English.
 * Every key exists in both: `Messages` is the Chinese table's type, so a key missing in English
 * fails the type check. The choice is kept in localStorage.
 */
const zh = {
  ...auditAdminZh,
  ...householdsZh,
  appTitle: '家庭经济状况核对',
  consoleName: '核对中心控制台',
  language: '语言',
  switchTo: 'English',
  signIn: '登录',
  signInTitle: '登录核对中心控制台',
  signInWith: '使用本单位统一身份认证登录',
  signInHelp: '登录后，您的角色和所属单位由身份认证系统提供，权限与审计规则与 GraphQL 接口相同。',
  demoUsers: '开发环境演示账号',
  demoUsersHelp: '本地身份认证服务（仅开发环境）提供以下账号，点击即以该账号登录：',
  signOut: '退出登录',
  signedInAs: '当前用户',
  organisation: '所属单位',
  roles: '角色',
  sessionEnds: '会话最晚结束于',
  loading: '正在加载……',
  loadFailed: '加载失败',
  navHome: '首页',
  navGraphiql: 'GraphQL 调试（GraphiQL）',
  navQueues: '队列看板',
  sourcesTitle: '数据来源及连接状态',
  sourceId: '来源编号',
  sourceName: '来源名称',
  protocol: '应答方式',
  circuit: '熔断器',
  calls: '调用次数',
  failures: '失败次数',
  sourceCount: '共 {n} 个数据来源',
  role_verifier: '核对人员',
  'role_assistance-system': '救助业务系统',
  role_auditor: '审计人员',
  role_admin: '管理员',
  'role_platform-admin': '平台管理员',
  'role_queue-operator': '队列操作员',
  role_reviewer: '复核人员',
  protocol_SYNC: '实时应答',
  protocol_ASYNC: '异步应答（回执）',
  circuit_CLOSED: '正常',
  circuit_OPEN: '已熔断',
  circuit_HALF_OPEN: '试探恢复',
  ...VERIFICATION_ZH,
};

export type Messages = typeof zh;
export type MessageKey = keyof Messages;

const en: Messages = {
  ...auditAdminEn,
  ...householdsEn,
  appTitle: 'Household economic status verification',
  consoleName: 'Verification centre console',
  language: 'Language',
  switchTo: '中文',
  signIn: 'Sign in',
  signInTitle: 'Sign in to the verification centre console',
  signInWith: "Sign in with your organisation's identity provider",
  signInHelp: 'Your roles and organisation come from the identity provider; the same authorisation and audit rules as the GraphQL API apply.',
  demoUsers: 'Development demo users',
  demoUsersHelp: 'The local identity provider (development only) knows these users; choose one to sign in as them:',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  organisation: 'Organisation',
  roles: 'Roles',
  sessionEnds: 'Session ends at the latest',
  loading: 'Loading…',
  loadFailed: 'Could not load',
  navHome: 'Home',
  navGraphiql: 'GraphQL IDE (GraphiQL)',
  navQueues: 'Queue dashboard',
  sourcesTitle: 'Sources and their connectors',
  sourceId: 'Source id',
  sourceName: 'Source',
  protocol: 'Answers',
  circuit: 'Circuit breaker',
  calls: 'Calls',
  failures: 'Failures',
  sourceCount: '{n} sources',
  role_verifier: 'Verifier',
  'role_assistance-system': 'Assistance system',
  role_auditor: 'Auditor',
  role_admin: 'Administrator',
  'role_platform-admin': 'Platform administrator',
  'role_queue-operator': 'Queue operator',
  role_reviewer: 'Reviewer',
  protocol_SYNC: 'Immediately',
  protocol_ASYNC: 'Later (ticket)',
  circuit_CLOSED: 'Closed (healthy)',
  circuit_OPEN: 'Open (failing)',
  circuit_HALF_OPEN: 'Half-open (probing)',
  ...VERIFICATION_EN,
};

export const LANGUAGES = { 'zh-CN': zh, en } as const;
export type Language = keyof typeof LANGUAGES;
const STORAGE_KEY = 'hub-console-language';

export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export function saveLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

/** A message with `{name}` placeholders filled. */
export function translate(language: Language, key: MessageKey, values: Record<string, string | number> = {}): string {
  return LANGUAGES[language][key].replace(/\{(\w+)\}/g, (_m, name: string) => String(values[name] ?? `{${name}}`));
}

/** The label of an enum value (`role_verifier`, `circuit_OPEN`), or the value itself when none is defined. */
export function enumLabel(language: Language, prefix: string, value: string): string {
  const key = `${prefix}_${value}`;
  return key in zh ? translate(language, key as MessageKey) : value;
}
