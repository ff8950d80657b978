import { randomBytes } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { exportJWK, generateKeyPair } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from '../logging/index.js';
import { DEMO_USERS, findDemoUser } from './demo-users.js';
import { loginPage } from './login-page.js';

export interface DevIdentityProviderOptions {
  /** The issuer: the hub's public URL plus the mount path (`http://127.0.0.1:4000/dev-idp`). */
  issuer: string;
  /** Where it is mounted in the hub's app. */
  mountPath: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  logger: Logger;
}

/** The scopes and claims it releases: `org` and `roles` with `profile`, as many organisations' providers can be set up to do. */
const CLAIMS = { openid: ['sub'], profile: ['name', 'org', 'roles'] };

/**
 * First-party client, demo users: every sign-in is granted the scopes it asks for, without a
 * consent page (oidc-provider's recipe for skipping consent).
 */
async function grantEverything(ctx: KoaContextWithOIDC) {
  const { client, session } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const existing = session.grantIdFor(client.clientId);
  if (existing) return ctx.oidc.provider.Grant.find(existing);
  const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope('openid profile');
  grant.addOIDCClaims(CLAIMS.profile);
  await grant.save();
  return grant;
}

/**
 * A certified OpenID Provider (oidc-provider) with the demo users, mounted inside the hub in
 * development only (HUB_ENV=development without OIDC_ISSUER; refused in production by
 * configuration): the console's sign-in goes through a real authorization code flow with PKCE,
 * a real token exchange and real ID token checks, as with the organisation's provider. Its state
 * (sessions, codes) lives in memory: a restart signs everyone out of it, not of the hub.
 */
export async function mountDevIdentityProvider(app: Express, options: DevIdentityProviderOptions): Promise<void> {
  // Loaded only when it runs (development): production never imports it. On Node 20 it warns once
  // that it prefers Node 22+; it works on 20 (docs/CONSOLE.md).
  const { default: Provider } = await import('oidc-provider');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const provider = new Provider(options.issuer, {
    clients: [{ client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: [options.redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'ES256' }],
    pkce: { required: () => true },
    claims: CLAIMS,
    findAccount: (_ctx, id) => {
      const user = findDemoUser(id);
      return user ? { accountId: id, claims: () => ({ sub: id, name: user.name, org: user.org, roles: user.roles }) } : undefined;
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `${options.mountPath}/interaction/${interaction.uid}` },
    loadExistingGrant: grantEverything,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'dev-idp' }] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
  });
  provider.on('server_error', (_ctx, err) => options.logger.error({ err }, 'development identity provider error'));

  const interaction = `${options.mountPath}/interaction/:uid`;
  app.get(interaction, (req: Request, res: Response, next: NextFunction) => {
    provider.interactionDetails(req, res).then((details) => {
      const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
      res.type('html').set('cache-control', 'no-store').send(loginPage(`${options.mountPath}/interaction/${details.uid}`, hint));
    }, next);
  });
  app.post(`${interaction}/login`, express.urlencoded({ extended: false, limit: '4kb' }), (req: Request, res: Response, next: NextFunction) => {
    const login = String((req.body as Record<string, unknown> | undefined)?.login ?? '');
    if (!findDemoUser(login)) {
      res.status(400).type('text/plain').send(`BAD_USER_INPUT: login: not a demo user (${DEMO_USERS.map((u) => u.login).join(', ')})`);
      return;
    }
    provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false }).catch(next);
  });
  app.post(`${interaction}/abort`, (req: Request, res: Response, next: NextFunction) => {
    provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the person cancelled the sign-in' }, { mergeWithLastSubmission: false }).catch(next);
  });
  app.use(options.mountPath, provider.callback());
}
