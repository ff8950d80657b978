import { randomBytes } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { recordAuditEvents } from '../audit/index.js';
import { DEMO_USERS, mountDevIdentityProvider } from '../dev-idp/index.js';
import { HubError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';
import { findRegion } from '../regions/index.js';
import type { SecurityLog } from '../security-log/index.js';
import { createRelyingParty, personFromClaims, type RelyingParty, type SessionStore, type SignInOptions, type SignInTransaction } from '../sign-in/index.js';
import { SESSION_COOKIE, sessionOf, sessionRefusal } from './console-session.js';
import { logRefusal } from './http-refusal.js';

export interface SignInDeps {
  db: Knex;
  logger: Logger;
  securityLog?: SecurityLog;
  sessions: SessionStore;
  options: SignInOptions;
  /** The hub as browsers reach it, without a trailing slash (`http://127.0.0.1:4000`). */
  publicUrl: string;
}

/** The sign-in cookie: SameSite=Lax, since the provider's redirect back is a cross-site navigation; path-scoped to the callback. */
const SIGN_IN_COOKIE = 'hub_sign_in';
const DEV_IDP_PATH = '/dev-idp';
const DEFAULT_RETURN = '/console/';

interface PendingSignIn extends SignInTransaction {
  returnTo: string;
}

/** Only a path of the hub itself (never `//host` or a URL): the return address must not make the hub an open redirector. */
function safeReturn(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\\\s]*$/.test(value) && value.length <= 512 ? value : DEFAULT_RETURN;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A small page that moves on by itself: after the provider's cross-site redirect, a browser would
 * not send the new SameSite=Strict cookie on a further redirect; a navigation from this page is
 * same-origin, so it does.
 */
function continuePage(to: string, title: string, text: string): string {
  const href = escapeHtml(to);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>${escapeHtml(title)}</title></head><body><p>${escapeHtml(text)} <a href="${href}">继续 / Continue</a></p></body></html>`;
}

function failurePage(message: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登录失败 / Sign-in failed</title></head><body><h1>登录失败 / Sign-in failed</h1><p>${escapeHtml(message)}</p><p><a href="/console/">返回控制台重新登录 / Back to the console</a></p></body></html>`;
}

/** The relying party for the configured provider; in development, the hub's own provider mounted at /dev-idp. */
async function relyingParty(app: Express, deps: SignInDeps): Promise<{ rp: RelyingParty; issuer: string } | null> {
  const { provider } = deps.options;
  const redirectUri = `${deps.publicUrl}/auth/callback`;
  if (provider.kind === 'off') return null;
  if (provider.kind === 'oidc') return { rp: createRelyingParty({ ...provider, redirectUri }), issuer: provider.issuer };
  const issuer = `${deps.publicUrl}${DEV_IDP_PATH}`;
  const clientSecret = randomBytes(24).toString('base64url');
  await mountDevIdentityProvider(app, { issuer, mountPath: DEV_IDP_PATH, clientId: 'verification-hub-console', clientSecret, redirectUri, logger: deps.logger });
  deps.logger.warn({ issuer, demoUsers: DEMO_USERS.length }, 'console sign-in through the development identity provider (demo users, no passwords); set OIDC_ISSUER for a real one');
  return { rp: createRelyingParty({ issuer, clientId: 'verification-hub-console', clientSecret, scopes: 'openid profile', allowHttp: true, redirectUri, forceLogin: true }), issuer };
}

/**
 * /auth/*: sign-in (the browser to the provider and back), the session's description for the
 * console, and sign-out. A successful sign-in and a sign-out are audit events of the person (their
 * organisation's auditors see them); a failed sign-in is a security event (AUTHENTICATION_FAILED).
 */
export async function mountSignIn(app: Express, deps: SignInDeps): Promise<void> {
  const party = await relyingParty(app, deps);
  const secure = deps.publicUrl.startsWith('https:');
  const cookie = { httpOnly: true, secure, sameSite: 'strict' as const, path: '/' };

  app.get('/auth/session', (req, res) => {
    res.set('cache-control', 'no-store');
    const live = sessionOf(req);
    if (!live) {
      res.status(401).json({ signedIn: false, signInUrl: party ? '/auth/sign-in' : null, demoUsers: deps.options.provider.kind === 'development' ? DEMO_USERS.map((u) => ({ ...u, orgName: regionName(u.org) })) : [] });
      return;
    }
    const { caller, name, expiresAt } = live.session;
    res.json({ signedIn: true, sub: caller.sub, name, org: caller.org, orgName: regionName(caller.org), roles: caller.roles, expiresAt: new Date(expiresAt).toISOString(), idleTimeoutSeconds: deps.sessions.timeouts.idleSeconds });
  });

  app.get('/auth/sign-in', async (req, res, next) => {
    if (!party) {
      res.status(404).type('text/plain').send('console sign-in is off: set OIDC_ISSUER (docs/CONSOLE.md)');
      return;
    }
    try {
      const hint = typeof req.query.login_hint === 'string' ? req.query.login_hint.slice(0, 100) : undefined;
      const { url, transaction } = await party.rp.start(hint);
      const token = await deps.sessions.startSignIn<PendingSignIn>({ ...transaction, returnTo: safeReturn(req.query.return) });
      res.cookie(SIGN_IN_COOKIE, token, { httpOnly: true, secure, sameSite: 'lax', path: '/auth/callback', maxAge: 600_000 });
      res.set('cache-control', 'no-store').redirect(303, url.href);
    } catch (err) {
      next(err);
    }
  });

  app.get('/auth/callback', (req, res, next) => callback(req, res, next, deps, party, cookie));

  app.post('/auth/sign-out', async (req, res, next) => {
    const refused = sessionRefusal(req);
    if (refused?.extensions.reason === 'FORGED') {
      logRefusal(deps.securityLog, req, refused, 'POST /auth/sign-out', null);
      res.status(403).type('text/plain').send(`FORBIDDEN: ${refused.message}`);
      return;
    }
    try {
      const live = sessionOf(req);
      const ended = live ? await deps.sessions.destroy(live.token) : null;
      if (ended) await recordAuditEvents(deps.db, [{ action: 'console.sign-out', outcome: 'ALLOWED', actor: ended.caller, regionCode: ended.caller.org, details: { session: ended.caller.tokenId } }]);
      res.clearCookie(SESSION_COOKIE, cookie).set('cache-control', 'no-store');
      if (req.accepts(['html', 'json']) === 'json') res.json({ signedIn: false });
      else res.redirect(303, DEFAULT_RETURN);
    } catch (err) {
      next(err);
    }
  });
}

function regionName(code: string): { zh: string; en: string } | null {
  const r = findRegion(code);
  return r ? { zh: r.zh, en: r.en } : null;
}

/**
 * The provider's redirect back: the pending sign-in taken (once) by its cookie, the code exchanged
 * with the PKCE verifier, state and nonce checked, the claims mapped to a caller, a session begun.
 */
async function callback(req: Request, res: Response, next: NextFunction, deps: SignInDeps, party: { rp: RelyingParty; issuer: string } | null, cookie: { httpOnly: boolean; secure: boolean; sameSite: 'strict'; path: string }): Promise<void> {
  res.set('cache-control', 'no-store').clearCookie(SIGN_IN_COOKIE, { path: '/auth/callback' });
  try {
    if (!party) throw new HubError('UNAUTHENTICATED', 'console sign-in is off', { reason: 'UNTRUSTED_ISSUER' });
    const token = parseCookies(req.header('cookie') ?? '')[SIGN_IN_COOKIE];
    const pending = token ? await deps.sessions.takeSignIn<PendingSignIn>(token) : null;
    if (!pending) throw new HubError('UNAUTHENTICATED', 'no sign-in in progress in this browser (expired, already used, or started elsewhere)', { reason: 'MALFORMED' });
    const claims = await party.rp.finish(new URL(req.originalUrl, deps.publicUrl), pending);
    const person = personFromClaims(claims, party.issuer, deps.options.claims);
    const { token: sessionToken, session } = await deps.sessions.create(person);
    await recordAuditEvents(deps.db, [{ action: 'console.sign-in', outcome: 'ALLOWED', actor: session.caller, regionCode: session.caller.org, details: { session: session.caller.tokenId, issuer: party.issuer } }]);
    res.cookie(SESSION_COOKIE, sessionToken, cookie);
    res.type('html').send(continuePage(pending.returnTo, '已登录 / Signed in', '已登录，正在进入控制台。Signed in.'));
  } catch (err) {
    if (!(err instanceof HubError)) return next(err);
    logRefusal(deps.securityLog, req, err, 'GET /auth/callback', null);
    res.status(401).type('html').send(failurePage(err.message));
  }
}
