import * as oidc from 'openid-client';
import { HubError } from '../errors/index.js';

export interface RelyingPartyOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** Plain-http issuer (development only). */
  allowHttp: boolean;
  /** Where the provider sends the browser back: `<public URL>/auth/callback`. */
  redirectUri: string;
  /** Ask the provider to show its sign-in page even when it has a session (`prompt=login`): the development provider, to switch demo users. */
  forceLogin?: boolean;
}

/** What the browser's round trip to the provider must bring back, kept by the hub meanwhile. */
export interface SignInTransaction {
  codeVerifier: string;
  state: string;
  nonce: string;
}

export interface RelyingParty {
  /** The provider's authorization URL (code flow, PKCE S256, state and nonce) and what to keep until the callback. */
  start(loginHint?: string): Promise<{ url: URL; transaction: SignInTransaction }>;
  /** Exchanges the callback's code; answers the ID token's claims merged with UserInfo's. Refusals are HubError UNAUTHENTICATED. */
  finish(callbackUrl: URL, transaction: SignInTransaction): Promise<Record<string, unknown>>;
}

/**
 * The provider's refusal of a sign-in (an error in the callback, a state, nonce or PKCE mismatch,
 * a code already used) is the browser's problem: UNAUTHENTICATED, with openid-client's message.
 * A provider that cannot be reached (fetch failed) is the hub's: rethrown, logged, answered 500.
 */
function refusal(err: unknown): never {
  if (err instanceof oidc.AuthorizationResponseError) throw new HubError('UNAUTHENTICATED', `sign-in refused by the identity provider: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`, { reason: 'FORGED' });
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.ClientError) throw new HubError('UNAUTHENTICATED', `sign-in failed: ${err.message}`, { reason: 'FORGED' });
  throw err;
}

/**
 * The console as an OpenID Connect relying party (openid-client): discovery on first use, cached,
 * and tried again after a failure, so a provider that is down at start does not stop the hub.
 * Client authentication: client_secret_basic.
 */
export function createRelyingParty(options: RelyingPartyOptions): RelyingParty {
  let configuration: Promise<oidc.Configuration> | null = null;
  const discover = () => {
    configuration ??= oidc
      .discovery(new URL(options.issuer), options.clientId, { redirect_uris: [options.redirectUri] }, oidc.ClientSecretBasic(options.clientSecret), options.allowHttp ? { execute: [oidc.allowInsecureRequests] } : {})
      .catch((err: unknown) => {
        configuration = null;
        throw err;
      });
    return configuration;
  };
  return {
    async start(loginHint) {
      const config = await discover();
      const transaction = { codeVerifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(transaction.codeVerifier),
        code_challenge_method: 'S256',
        state: transaction.state,
        nonce: transaction.nonce,
        ...(loginHint ? { login_hint: loginHint } : {}),
        ...(options.forceLogin ? { prompt: 'login' } : {}),
      });
      return { url, transaction };
    },
    async finish(callbackUrl, transaction) {
      const config = await discover();
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: transaction.codeVerifier, expectedState: transaction.state, expectedNonce: transaction.nonce, idTokenExpected: true });
        const idClaims = tokens.claims();
        if (!idClaims) throw new HubError('UNAUTHENTICATED', 'sign-in failed: the provider sent no ID token', { reason: 'MALFORMED' });
        const userInfo = config.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub) : {};
        return { ...userInfo, ...idClaims };
      } catch (err) {
        if (err instanceof HubError) throw err;
        return refusal(err);
      }
    },
  };
}
