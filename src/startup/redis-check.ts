import { Redis } from 'ioredis';

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** Fails fast, naming REDIS_URL, when Redis does not answer PING within a few seconds. */
export async function checkRedis(url: string, timeoutMs = 3_000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const where = new URL(url);
    throw new RedisUnavailableError(`REDIS_URL: cannot reach Redis at ${where.host}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}
