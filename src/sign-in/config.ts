import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isRole, type Role } from '../auth/index.js';
import { ConfigError } from '../errors/index.js';
import type { ClaimMapping } from './claims.js';
import type { SessionTimeouts } from './sessions.js';

/** Where the console's people sign in (OpenID Connect, authorization code flow with PKCE). */
export type SignInProvider =
  | {
      kind: 'oidc';
      issuer: string;
      clientId: string;
      clientSecret: string;
      scopes: string;
      /** Plain-http issuer allowed (development only: a local identity provider). */
      allowHttp: boolean;
    }
  /** Development only: the hub runs its own identity provider with demo users (src/dev-idp), at /dev-idp. */
  | { kind: 'development' }
  /** Production without OIDC_ISSUER: no console sign-in (bearer tokens only), said at start. */
  | { kind: 'off' };

export interface SignInOptions {
  provider: SignInProvider;
  claims: ClaimMapping;
  sessions: SessionTimeouts;
  /** The hub's public URL as browsers reach it (redirect URI, Origin checks, Secure cookies); null: http://HOST:PORT. */
  publicUrl: string | null;
}

const envSchema = z.object({
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).default('verification-hub-console'),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET_FILE: z.string().trim().min(1).optional(),
  OIDC_SCOPES: z.string().trim().regex(/(^|\s)openid(\s|$)/, 'must include openid').default('openid profile'),
  OIDC_ROLES_CLAIM: z.string().trim().min(1).default('roles'),
  OIDC_ORG_CLAIM: z.string().trim().min(1).default('org'),
  OIDC_ROLE_MAP: z.string().default(''),
  CONSOLE_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(72).default(10),
});

/** The rows of the README's configuration table for these variables. */
export const SIGN_IN_ENV_DOC = [
  ['OIDC_ISSUER', '(development: the hub\'s own /dev-idp)', "the organisation's OpenID Connect provider; https in production; unset in production: no console sign-in"],
  ['OIDC_CLIENT_ID', 'verification-hub-console', 'the console\'s client id at the provider'],
  ['OIDC_CLIENT_SECRET / _FILE', '', 'its secret (or a file holding it); required with OIDC_ISSUER'],
  ['OIDC_SCOPES', 'openid profile', 'scopes asked for; must include openid'],
  ['OIDC_ROLES_CLAIM / OIDC_ORG_CLAIM', 'roles / org', 'claims (ID token or UserInfo) holding the roles and the region code'],
  ['OIDC_ROLE_MAP', '', 'provider value=hub role, comma-separated (e.g. hub-verifiers=verifier); unset: values are hub roles'],
  ['CONSOLE_PUBLIC_URL', 'http://HOST:PORT', 'the hub as browsers reach it (redirect URI, Origin check, Secure cookie when https)'],
  ['SESSION_IDLE_MINUTES', '30', 'a console session unused this long ends'],
  ['SESSION_MAX_HOURS', '10', 'a console session ends this long after sign-in'],
] as const;

function roleMap(text: string, problems: string[]): Record<string, Role> {
  const map: Record<string, Role> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const [value, role] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    if (at <= 0 || !isRole(role)) problems.push(`OIDC_ROLE_MAP: ${JSON.stringify(pair)} is not provider-value=hub-role with a known role`);
    else map[value] = role;
  }
  return map;
}

function clientSecret(env: NodeJS.ProcessEnv, problems: string[]): string | null {
  if (env.OIDC_CLIENT_SECRET !== undefined && env.OIDC_CLIENT_SECRET_FILE) problems.push('OIDC_CLIENT_SECRET and OIDC_CLIENT_SECRET_FILE: set one, not both');
  if (env.OIDC_CLIENT_SECRET !== undefined) return env.OIDC_CLIENT_SECRET;
  if (!env.OIDC_CLIENT_SECRET_FILE) return null;
  try {
    return readFileSync(env.OIDC_CLIENT_SECRET_FILE, 'utf8').trim();
  } catch (err) {
    problems.push(`OIDC_CLIENT_SECRET_FILE=${JSON.stringify(env.OIDC_CLIENT_SECRET_FILE)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return null;
  }
}

/**
 * Reads the OIDC_*, CONSOLE_PUBLIC_URL and SESSION_* variables; throws ConfigError naming each bad
 * one (a secret's value is never repeated). Without OIDC_ISSUER the development profile runs its
 * own identity provider and the production profile has no console sign-in.
 */
export function signInOptionsFromEnv(env: NodeJS.ProcessEnv, production: boolean): SignInOptions {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      problems.push(`${name}=${JSON.stringify(name.includes('SECRET') ? '…' : env[name] ?? '')}: ${issue.message}`);
    }
  }
  const secret = clientSecret(env, problems);
  const map = roleMap(env.OIDC_ROLE_MAP ?? '', problems);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  let provider: SignInProvider;
  if (e.OIDC_ISSUER === undefined) provider = production ? { kind: 'off' } : { kind: 'development' };
  else {
    if (secret === null) problems.push('OIDC_CLIENT_SECRET: required with OIDC_ISSUER (or OIDC_CLIENT_SECRET_FILE)');
    if (production && !e.OIDC_ISSUER.startsWith('https:')) problems.push(`OIDC_ISSUER=${JSON.stringify(e.OIDC_ISSUER)}: must be https when HUB_ENV=production`);
    provider = { kind: 'oidc', issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: secret ?? '', scopes: e.OIDC_SCOPES, allowHttp: !production };
  }
  if (production && e.CONSOLE_PUBLIC_URL === undefined && provider.kind === 'oidc') problems.push('CONSOLE_PUBLIC_URL: required with OIDC_ISSUER when HUB_ENV=production (the redirect URI registered at the provider)');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    provider,
    claims: { rolesClaim: e.OIDC_ROLES_CLAIM, orgClaim: e.OIDC_ORG_CLAIM, roleMap: map },
    sessions: { idleSeconds: e.SESSION_IDLE_MINUTES * 60, absoluteSeconds: e.SESSION_MAX_HOURS * 3600 },
    publicUrl: e.CONSOLE_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
  };
}
