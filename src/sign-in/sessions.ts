import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Caller } from '../auth/index.js';

export interface SessionTimeouts {
  /** A session unused this long ends (OWASP: 15-30 minutes for applications handling personal data). */
  idleSeconds: number;
  /** A session ends this long after sign-in however busy it is (a working day). */
  absoluteSeconds: number;
}

/** What the hub keeps of a signed-in person; the cookie carries only a random token. */
export interface Session {
  caller: Caller;
  name: string | null;
  createdAt: number;
  /** Epoch ms of the absolute time-out. */
  expiresAt: number;
}

export interface SessionStore {
  readonly timeouts: SessionTimeouts;
  /** Starts a session; answers the token for the cookie and the session. */
  create(person: { caller: Omit<Caller, 'tokenId'>; name: string | null }): Promise<{ token: string; session: Session }>;
  /** The live session of a token (its idle time-out restarted), or null when it ended or never was. */
  touch(token: string): Promise<Session | null>;
  /** Ends a session (sign-out); answers the session it ended, if it was live. */
  destroy(token: string): Promise<Session | null>;
  /** Keeps what a sign-in's callback must check (PKCE verifier, state, nonce, where to go) for ten minutes; answers its cookie token. */
  startSignIn<T>(pending: T): Promise<string>;
  /** The pending sign-in of a token, once (a second callback with it finds nothing). */
  takeSignIn<T>(token: string): Promise<T | null>;
}

/** How long a browser may take at the identity provider. */
const SIGN_IN_SECONDS = 600;

/** The Redis key of a token: its SHA-256, so that a copy of Redis holds no usable cookie. */
function keyOf(prefix: string, token: string, kind = 'console-session'): string {
  return `${prefix}:${kind}:${createHash('sha256').update(token).digest('hex')}`;
}

/** The session's id in audit records and logs: a prefix of the token's hash, never the token. */
export function sessionId(token: string): string {
  return `session:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}

/**
 * Server-side sessions in Redis (which the hub needs anyway; several hub processes share them).
 * A key lives at most the idle time-out and is extended on each use, never past the absolute one;
 * sign-out deletes it. Redis losing its data signs everyone out, which is safe.
 */
export function createSessionStore(redis: Redis, prefix: string, timeouts: SessionTimeouts): SessionStore {
  const ttlMs = (s: Session, now: number) => Math.min(timeouts.idleSeconds * 1000, s.expiresAt - now);
  return {
    timeouts,
    async create(person) {
      const token = randomBytes(32).toString('base64url');
      const now = Date.now();
      const session: Session = { caller: { ...person.caller, tokenId: sessionId(token) }, name: person.name, createdAt: now, expiresAt: now + timeouts.absoluteSeconds * 1000 };
      await redis.set(keyOf(prefix, token), JSON.stringify(session), 'PX', ttlMs(session, now));
      return { token, session };
    },
    async touch(token) {
      const key = keyOf(prefix, token);
      const raw = await redis.get(key);
      if (raw === null) return null;
      const session = JSON.parse(raw) as Session;
      const now = Date.now();
      const ttl = ttlMs(session, now);
      if (ttl <= 0) {
        await redis.del(key);
        return null;
      }
      await redis.pexpire(key, ttl);
      return session;
    },
    async destroy(token) {
      const raw = await redis.getdel(keyOf(prefix, token));
      return raw === null ? null : (JSON.parse(raw) as Session);
    },
    async startSignIn(pending) {
      const token = randomBytes(32).toString('base64url');
      await redis.set(keyOf(prefix, token, 'console-sign-in'), JSON.stringify(pending), 'EX', SIGN_IN_SECONDS);
      return token;
    },
    async takeSignIn<T>(token: string) {
      const raw = await redis.getdel(keyOf(prefix, token, 'console-sign-in'));
      return raw === null ? null : (JSON.parse(raw) as T);
    },
  };
}
