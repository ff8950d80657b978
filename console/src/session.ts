/** What `GET /auth/session` answers (src/sign-in/routes.ts). */
export interface RegionName {
  zh: string;
  en: string;
}

export interface SignedIn {
  signedIn: true;
  sub: string;
  name: string | null;
  org: string;
  orgName: RegionName | null;
  roles: string[];
  /** ISO instant of the absolute time-out. */
  expiresAt: string;
  idleTimeoutSeconds: number;
}

export interface DemoUser {
  login: string;
  name: string;
  roles: string[];
  org: string;
  orgName: RegionName | null;
}

export interface SignedOut {
  signedIn: false;
  signInUrl: string;
  /** Listed only when the hub runs its development identity provider. */
  demoUsers: DemoUser[];
}

export type Session = SignedIn | SignedOut;

export async function fetchSession(): Promise<Session> {
  const res = await fetch('/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (res.status !== 200 && res.status !== 401) throw new Error(`GET /auth/session: HTTP ${res.status}`);
  return (await res.json()) as Session;
}

/** Sign-in starts at the hub, which sends the browser on to the identity provider (code flow with PKCE). */
export function signInUrl(session: SignedOut, loginHint?: string): string {
  const url = new URL(session.signInUrl, location.origin);
  url.searchParams.set('return', location.pathname + location.search);
  if (loginHint) url.searchParams.set('login_hint', loginHint);
  return url.pathname + url.search;
}
