import { z } from 'zod';
import { startPlatform } from './server.js';
import { readPlatformData } from './store.js';

/**
 * `npm run example:platform`: the sample assistance platform's subgraph on PLATFORM_PORT (default
 * 4101, beside the gateway's 4100), its data from PLATFORM_DATA (a JSON file) or empty but for two
 * caseworkers. Stops on SIGINT/SIGTERM.
 */
const env = z
  .object({
    PLATFORM_HOST: z.string().min(1).default('127.0.0.1'),
    PLATFORM_PORT: z.coerce.number().int().min(0).max(65535).default(4101),
    PLATFORM_DATA: z.string().min(1).optional(),
  })
  .safeParse(process.env);
if (!env.success) {
  console.error(env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  process.exit(2);
}
const { PLATFORM_HOST: host, PLATFORM_PORT: port, PLATFORM_DATA: file } = env.data;
const platform = await startPlatform({ host, port, data: file ? readPlatformData(file) : {} });
process.stdout.write(`assistance platform subgraph at ${platform.url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void platform.stop().then(() => process.exit(0)));
