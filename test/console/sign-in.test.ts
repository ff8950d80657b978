import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../src/console-build/index.js';
import { startTestHub, type TestHub } from '../kit/hub.js';
import { until } from '../kit/index.js';
import { accessibilityViolations, launchBrowser, screenshot } from './browser.js';

let t: TestHub;
let base: string;
let browser: Browser;

beforeAll(async () => {
  await ensureConsoleBuilt();
  t = await startTestHub();
  base = new URL(t.url).origin;
  browser = await launchBrowser();
}, 180_000);

const BROWSER_TEST_MS = 90_000;

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** The session cookie the browser holds, to replay it from outside the browser. */
async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(base)).find((c) => c.name === 'hub_session');
  if (!cookie) throw new Error('no hub_session cookie');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
  return `hub_session=${cookie.value}`;
}

const sourcesQuery = JSON.stringify({ query: '{ sources { id } }' });

describe('console sign-in through the development identity provider', () => {
  it('signs a demo verifier in (code flow with PKCE), runs GraphQL with the session, and signs out', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) external.push(r.url());
    });
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '登录核对中心控制台' }).waitFor();
    await page.getByText('王敏（历下区核对员）').waitFor();
    await screenshot(page, '01-sign-in');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.locator('a[data-login="lixia-verifier"]').click();
    await page.waitForURL(/\/dev-idp\/interaction\//);
    await screenshot(page, '02-identity-provider');
    await page.locator('button[name="login"][value="lixia-verifier"]').click();

    await page.waitForURL(`${base}/console/`);
    await page.getByTestId('source-count').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('王敏（历下区核对员） · 历下区 · 核对人员');
    expect(await page.getByTestId('source-count').textContent()).toMatch(/^共 \d+ 个数据来源$/);
    await screenshot(page, '03-console-home');
    expect(await accessibilityViolations(page)).toEqual([]);

    // The same page's GraphQL, from the page: the session authenticates it.
    const fromPage = await page.evaluate(async (body) => (await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status, sourcesQuery);
    expect(fromPage).toBe(200);

    // The session gives the caller the bearer path gives: audited as the person, in their organisation.
    const signIn = await t.hub.db('audit_events').where({ action: 'console.sign-in', actor_sub: 'lixia-verifier' }).first();
    expect(signIn).toMatchObject({ outcome: 'ALLOWED', actor_org: '370102' });

    // CSRF: the cookie alone, from another origin, is refused; with the hub's own Origin it is accepted.
    const cookie = await sessionCookie(context);
    const post = (origin: string) => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, origin }, body: sourcesQuery });
    expect((await post('http://evil.example')).status).toBe(401);
    expect((await post(base)).status).toBe(200);
    const crossSite = await fetch(`${base}/graphql?query=${encodeURIComponent('{ sources { id } }')}`, { headers: { cookie, 'sec-fetch-site': 'cross-site', 'apollo-require-preflight': '1' } });
    expect(crossSite.status).toBe(401);

    // English switch.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Sources and their connectors' }).waitFor();
    await screenshot(page, '04-console-home-en');
    await page.getByRole('button', { name: /中文/ }).click();

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录核对中心控制台' }).waitFor();
    expect((await post(base)).status).toBe(401);
    expect(await t.hub.db('audit_events').where({ action: 'console.sign-out', actor_sub: 'lixia-verifier' }).first()).toMatchObject({ outcome: 'ALLOWED' });
    expect(external).toEqual([]);
    await context.close();
  }, BROWSER_TEST_MS);

  it('records a failed sign-in in the security log and signs nobody in', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/auth/sign-in?login_hint=jinan-auditor`);
    await page.getByRole('button', { name: '取消登录' }).click();
    await page.getByRole('heading', { name: '登录失败 / Sign-in failed' }).waitFor();
    expect(await page.textContent('body')).toContain('access_denied');
    await screenshot(page, '05-sign-in-failed');
    const event = await until('the failed sign-in in the security log', () => t.hub.db('security_events').where({ door: 'GET /auth/callback' }).first(), (e) => e !== undefined);
    expect(event).toMatchObject({ kind: 'AUTHENTICATION_FAILED', error_code: 'UNAUTHENTICATED' });
    expect((await context.cookies(base)).some((c) => c.name === 'hub_session')).toBe(false);
    await context.close();
  }, BROWSER_TEST_MS);

  it('refuses a callback without a sign-in in progress in the browser', async () => {
    const res = await fetch(`${base}/auth/callback?code=x&state=y`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('no sign-in in progress');
  });

  it('opens the printable report, the queue dashboard and GraphiQL with the session', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/auth/sign-in?login_hint=lixia-verifier`);
    await page.locator('button[name="login"][value="lixia-verifier"]').click();
    await page.getByTestId('source-count').waitFor();
    // Authenticated by the session, then refused by the unchanged rules: 403 and 404, not 401.
    const queues = await page.goto(`${base}/admin/queues`);
    expect(queues?.status()).toBe(403);
    expect(await page.textContent('body')).toContain('FORBIDDEN');
    // The printable report sends a session to the console's report page, which reads it over GraphQL under the same rules.
    await page.goto(`${base}/reports/00000000-0000-4000-8000-000000000000.html`);
    expect(page.url()).toBe(`${base}/console/reports/00000000-0000-4000-8000-000000000000`);
    await page.getByText('没有此报告').waitFor();

    // GraphiQL introspects the schema with the session first, then runs the query.
    const introspection = page.waitForResponse((r) => r.url() === `${base}/graphql` && r.status() === 200);
    await page.goto(`${base}/graphiql`);
    await introspection;
    // The run button answers once the editor has loaded its query: press it until the query goes out.
    const run = page.waitForResponse((r) => r.url() === `${base}/graphql` && (r.request().postData() ?? '').includes('query Sources'), { timeout: 45_000 });
    const pressing = setInterval(() => void page.locator('.graphiql-execute-button').click({ timeout: 1_000 }).catch(() => undefined), 1_500);
    try {
      expect((await run).status()).toBe(200);
    } finally {
      clearInterval(pressing);
    }
    await page.locator('.result-window').getByText('"ps_hukou"').first().waitFor();
    await screenshot(page, '06-graphiql');
    await context.close();
  }, BROWSER_TEST_MS);
});
