import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionStore } from '../../src/sign-in/index.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test-sessions-${randomBytes(4).toString('hex')}`;
const person = { caller: { sub: 'u1', org: '370102', roles: ['verifier' as const], issuer: 'https://idp' }, name: '王敏' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('console sessions in Redis', () => {
  it('keeps the hash of the token, not the token, and gives the caller a session id for the audit trail', async () => {
    const store = createSessionStore(redis, prefix, { idleSeconds: 60, absoluteSeconds: 600 });
    const { token, session } = await store.create(person);
    expect(session.caller).toMatchObject({ sub: 'u1', org: '370102', roles: ['verifier'], tokenId: expect.stringMatching(/^session:[0-9a-f]{16}$/) });
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.some((k) => k.includes(token))).toBe(false);
    expect((await store.touch(token))?.caller.sub).toBe('u1');
  });

  it('ends a session left idle, extends one in use, and ends it at the absolute time-out however busy', async () => {
    const store = createSessionStore(redis, prefix, { idleSeconds: 1, absoluteSeconds: 2 });
    const idle = await store.create(person);
    const busy = await store.create(person);
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      expect(await store.touch(busy.token)).not.toBeNull();
    }
    expect(await store.touch(idle.token)).toBeNull();
    await sleep(700);
    expect(await store.touch(busy.token)).toBeNull();
  });

  it('ends a session at sign-out, and a pending sign-in can be taken once', async () => {
    const store = createSessionStore(redis, prefix, { idleSeconds: 60, absoluteSeconds: 600 });
    const { token } = await store.create(person);
    expect((await store.destroy(token))?.caller.sub).toBe('u1');
    expect(await store.touch(token)).toBeNull();
    const pending = await store.startSignIn({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/console/' });
    expect(await store.takeSignIn(pending)).toMatchObject({ state: 's' });
    expect(await store.takeSignIn(pending)).toBeNull();
  });
});
