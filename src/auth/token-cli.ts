import { parseArgs } from 'node:util';
import { findRegion } from '../regions/index.js';
import { DEV_AUDIENCE, ensureDevKeys, signDevToken } from './dev-keys.js';
import { isRole, ROLES } from './roles.js';

const MAX_TTL_S = 24 * 3600;
const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** A bad command line: printed as one line, exit code 2. */
class UsageError extends Error {}

function ttlSeconds(value: string): number {
  const match = /^(\d+)([smh]?)$/.exec(value);
  const seconds = match ? Number(match[1]) * (UNIT_S[match[2] || 's'] ?? NaN) : NaN;
  if (!(seconds > 0 && seconds <= MAX_TTL_S)) throw new UsageError(`--ttl ${JSON.stringify(value)}: use 3600, 3600s, 30m or 1h; at most 24h`);
  return seconds;
}

/**
 * `npm run -s token -- --role verifier --org 370102 [--role auditor] [--sub alice] [--ttl 1h] [--aud X]`
 * prints only the token (so `TOKEN=$(npm run -s token -- ...)` works), signed with the dev key.
 */
function parse() {
  try {
    return parseArgs({
      options: {
        role: { type: 'string', multiple: true },
        org: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string', default: '1h' },
        aud: { type: 'string', default: DEV_AUDIENCE },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    // parseArgs names the option in its message (unknown option, missing value).
    throw new UsageError((err as Error).message);
  }
}

async function run(): Promise<void> {
  const values = parse();
  const roles = values.role ?? [];
  if (roles.length === 0) throw new UsageError(`--role: required, one or more of ${ROLES.join(', ')}`);
  const unknown = roles.find((r) => !isRole(r));
  if (unknown !== undefined) throw new UsageError(`--role ${JSON.stringify(unknown)}: unknown role (known: ${ROLES.join(', ')})`);
  if (values.org === undefined) throw new UsageError('--org: required, the 6-digit region code of the caller organisation');
  if (!findRegion(values.org)) throw new UsageError(`--org ${JSON.stringify(values.org)}: not a known region code`);
  const sub = values.sub ?? `dev-${roles[0]}`;
  if (sub.trim() === '') throw new UsageError('--sub: must not be empty');
  if (values.aud.trim() === '') throw new UsageError('--aud: must not be empty');
  const ttl = ttlSeconds(values.ttl);

  const keys = await ensureDevKeys();
  process.stdout.write(`${await signDevToken(keys, { sub, org: values.org, roles, ttlSeconds: ttl, audience: values.aud })}\n`);
}

run().catch((err: unknown) => {
  console.error(`token: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
