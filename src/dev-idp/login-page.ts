import { findRegion } from '../regions/index.js';
import { DEMO_USERS } from './demo-users.js';

const ROLE_ZH: Record<string, string> = { verifier: '核对人员', 'assistance-system': '救助业务系统', auditor: '审计人员', admin: '管理员', 'platform-admin': '平台管理员', 'queue-operator': '队列操作员', reviewer: '复核人员' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The development identity provider's sign-in page: every demo user as a button (no passwords: it
 * is a stand-in for the organisation's provider, refused in production), and a cancel button that
 * ends the sign-in with `access_denied`, to see the hub's failed-sign-in path.
 */
export function loginPage(action: string, loginHint: string | undefined): string {
  const users = DEMO_USERS.map((u) => {
    const region = findRegion(u.org);
    const hinted = u.login === loginHint;
    return `<li><button type="submit" name="login" value="${escapeHtml(u.login)}"${hinted ? ' autofocus class="hinted"' : ''}><strong>${escapeHtml(u.name)}</strong><span>${escapeHtml(region?.zh ?? u.org)}（${u.org}）· ${u.roles.map((r) => ROLE_ZH[r] ?? r).join('、')}</span><code>${escapeHtml(u.login)}</code></button></li>`;
  }).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>开发环境身份认证 · 选择演示账号</title>
<style>
body{font-family:'Noto Sans SC',system-ui,sans-serif;margin:0;padding:1.5rem;color:#1a1a1a;background:#f4f4f4}
main{max-width:56rem;margin:auto;background:#fff;padding:1.5rem;border-radius:8px}
ul{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.75rem}
button{font:inherit;width:100%;text-align:left;padding:.75rem;border:1px solid #888;border-radius:6px;background:#fff;display:flex;flex-direction:column;gap:.2rem;cursor:pointer}
button.hinted{border:2px solid #8b1a1a}
button:focus-visible{outline:3px solid #1f5fbf;outline-offset:2px}
.cancel{width:auto;display:inline-block;margin-top:1rem}
</style></head>
<body><main>
<h1>开发环境身份认证</h1>
<p>本页面由核对中枢的本地身份认证服务提供，仅用于开发和演示（生产环境由本单位统一身份认证系统替代）。请选择一个演示账号登录：</p>
<form method="post" action="${escapeHtml(action)}/login">
<ul>
${users}
</ul>
</form>
<form method="post" action="${escapeHtml(action)}/abort"><button class="cancel" type="submit">取消登录</button></form>
</main></body></html>`;
}
