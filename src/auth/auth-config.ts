import path from 'node:path';
import { ConfigError } from '../errors/index.js';
import { DEFAULT_DEV_KEYS_DIR, DEV_AUDIENCE, DEV_ISSUER, devKeysDir } from './dev-keys.js';
import { ASYMMETRIC_ALGORITHMS, type AuthOptions, type TrustedIssuer } from './token-verifier.js';

const DEFAULT_ALGORITHMS = 'ES256,EdDSA,RS256,PS256';
const DEFAULT_CLOCK_SKEW_S = 30;
const MAX_CLOCK_SKEW_S = 300;

/** Rows of the README configuration table for the variables read here. */
export const AUTH_ENV_DOC: readonly { name: string; default: string; meaning: string }[] = [
  {
    name: 'AUTH_ISSUERS',
    default: `${DEV_ISSUER}=${DEFAULT_DEV_KEYS_DIR}/jwks.json`,
    meaning: 'Trusted token issuers, comma-separated `issuer=jwks` pairs; jwks is an http(s) URL or a JWKS file path. Default: the dev issuer of `npm run token` (not for production).',
  },
  { name: 'AUTH_AUDIENCE', default: DEV_AUDIENCE, meaning: 'Required `aud` of access tokens.' },
  {
    name: 'AUTH_ALGORITHMS',
    default: DEFAULT_ALGORITHMS,
    meaning: `Accepted signature algorithms, comma-separated; asymmetric only (${ASYMMETRIC_ALGORITHMS.join(', ')}).`,
  },
  { name: 'AUTH_CLOCK_SKEW_S', default: String(DEFAULT_CLOCK_SKEW_S), meaning: `Clock tolerance for \`exp\`/\`nbf\`, seconds (0..${MAX_CLOCK_SKEW_S}).` },
  { name: 'AUTH_DEV_KEYS_DIR', default: DEFAULT_DEV_KEYS_DIR, meaning: 'Where the dev signing key pair is created and kept (relative to the working directory).' },
];

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/**
 * Reads the AUTH_* variables; throws ConfigError naming every bad one. Does not read any key file.
 * With HUB_ENV=production a JWKS URL must be https (the dev key checks are in src/config.ts).
 */
export function authOptionsFromEnv(env: Record<string, string | undefined>): AuthOptions {
  const problems: string[] = [];
  const problem = (name: string, reason: string) => problems.push(`${name}=${JSON.stringify(env[name] ?? '')}: ${reason}`);

  const production = env.HUB_ENV === 'production';
  const issuers: TrustedIssuer[] = [];
  for (const entry of list(env.AUTH_ISSUERS ?? `${DEV_ISSUER}=${path.join(devKeysDir(env), 'jwks.json')}`)) {
    // Split at the first '=': a JWKS URL may carry '=' in its query string.
    const at = entry.indexOf('=');
    const issuer = entry.slice(0, at).trim();
    const jwks = entry.slice(at + 1).trim();
    if (at < 0 || issuer === '' || jwks === '') {
      problem('AUTH_ISSUERS', `${JSON.stringify(entry)} is not an issuer=jwks pair`);
    } else if (issuers.some((i) => i.issuer === issuer)) {
      problem('AUTH_ISSUERS', `issuer ${JSON.stringify(issuer)} is listed twice`);
    } else if (/^https?:\/\//i.test(jwks)) {
      if (!URL.canParse(jwks)) problem('AUTH_ISSUERS', `${JSON.stringify(jwks)} is not a valid URL`);
      // Keys fetched over plain http can be swapped by anyone on the path: whoever does mints tokens.
      else if (production && new URL(jwks).protocol !== 'https:') problem('AUTH_ISSUERS', `the JWKS of ${JSON.stringify(issuer)} must be an https URL when HUB_ENV=production, got ${JSON.stringify(jwks)}`);
      else issuers.push({ issuer, jwks: { url: jwks } });
    } else {
      issuers.push({ issuer, jwks: { file: path.resolve(jwks) } });
    }
  }

  const audience = env.AUTH_AUDIENCE ?? DEV_AUDIENCE;
  if (audience.trim() === '') problem('AUTH_AUDIENCE', 'must not be empty');

  const algorithms = list(env.AUTH_ALGORITHMS ?? DEFAULT_ALGORITHMS);
  const refused = algorithms.filter((a) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(a));
  if (refused.length > 0) {
    problem('AUTH_ALGORITHMS', `${refused.map((a) => JSON.stringify(a)).join(', ')} not accepted: asymmetric algorithms only (${ASYMMETRIC_ALGORITHMS.join(', ')})`);
  }

  const skew = env.AUTH_CLOCK_SKEW_S ?? String(DEFAULT_CLOCK_SKEW_S);
  if (!/^\d{1,3}$/.test(skew) || Number(skew) > MAX_CLOCK_SKEW_S) problem('AUTH_CLOCK_SKEW_S', `must be an integer from 0 to ${MAX_CLOCK_SKEW_S}`);

  if (problems.length > 0) throw new ConfigError(problems);
  return { issuers, audience, algorithms, clockToleranceSec: Number(skew) };
}
