import type { Role } from '../auth/index.js';

/** A person the development identity provider knows; `login` is also their `sub`. */
export interface DemoUser {
  login: string;
  name: string;
  roles: Role[];
  /** Region code of the person's organisation (GB/T 2260). */
  org: string;
}

/**
 * Demo users of every role in several regions (county, city and province; Shandong and Jiangsu), so
 * that jurisdiction can be tried from the console: a Lixia verifier sees Lixia's households only,
 * a Jinan auditor the city's audit log, a province admin the province's policies.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { login: 'lixia-verifier', name: '王敏（历下区核对员）', roles: ['verifier'], org: '370102' },
  { login: 'lixia-reviewer', name: '李强（历下区复核员）', roles: ['verifier', 'reviewer'], org: '370102' },
  { login: 'jinan-verifier', name: '赵丽（济南市核对中心）', roles: ['verifier', 'assistance-system'], org: '370100' },
  { login: 'jinan-auditor', name: '孙伟（济南市审计员）', roles: ['auditor'], org: '370100' },
  { login: 'shandong-admin', name: '周静（山东省管理员）', roles: ['admin'], org: '370000' },
  { login: 'xuanwu-verifier', name: '吴刚（玄武区核对员）', roles: ['verifier'], org: '320102' },
  { login: 'jiangsu-auditor', name: '郑燕（江苏省审计员）', roles: ['auditor'], org: '320000' },
  { login: 'nanjing-admin', name: '陈晨（南京市管理员）', roles: ['admin'], org: '320100' },
  { login: 'platform-ops', name: '刘洋（平台运维）', roles: ['platform-admin'], org: '370000' },
  { login: 'queue-operator', name: '黄磊（队列操作员）', roles: ['platform-admin', 'queue-operator'], org: '370000' },
];

const byLogin = new Map(DEMO_USERS.map((u) => [u.login, u]));

export function findDemoUser(login: string): DemoUser | undefined {
  return byLogin.get(login);
}
