import { runCli, UsageError } from '../cli/index.js';
import { findRegion } from '../regions/index.js';
import { DEV_AUDIENCE, ensureDevKeys, signDevToken } from './dev-keys.js';
import { isRole, ROLES } from './roles.js';

const MAX_TTL_S = 24 * 3600;
const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600 };

const HELP = `usage: npm run -s token -- --role ROLE [--role ROLE ...] --org CODE [--sub NAME] [--ttl 1h] [--aud AUDIENCE]

Prints a bearer token signed with the development key pair (made under AUTH_DEV_KEYS_DIR,
.data/dev-keys, on first use) and nothing else, so that \`export TOKEN=$(...)\` works. A hub in
development trusts these keys; a production hub (HUB_ENV=production) never does.

options:
  --role ROLE   one or more of ${ROLES.join(', ')}
  --org CODE    the caller organisation's 6-digit region code (jurisdiction), e.g. 370102
  --sub NAME    the subject (the caller's user name); default dev-<first role>
  --ttl T       lifetime: 3600, 3600s, 30m or 1h (default 1h, at most 24h)
  --aud A       audience (default ${DEV_AUDIENCE}, the hub's AUTH_AUDIENCE)
  -h, --help    this text

examples:
  export TOKEN=$(npm run -s token -- --role verifier --role assistance-system --org 370102)
  npm run -s token -- --role auditor --org 370100 --ttl 30m > auditor.token && chmod 600 auditor.token

exit codes: 0 printed; 2 bad command line; 1 the keys could not be made or read.`;

function ttlSeconds(value: string): number {
  const match = /^(\d+)([smh]?)$/.exec(value);
  const seconds = match ? Number(match[1]) * (UNIT_S[match[2] || 's'] ?? NaN) : NaN;
  if (!(seconds > 0 && seconds <= MAX_TTL_S)) throw new UsageError(`--ttl ${JSON.stringify(value)}: use 3600, 3600s, 30m or 1h; at most 24h`);
  return seconds;
}

await runCli({
  name: 'token',
  help: HELP,
  options: {
    role: { type: 'string', multiple: true },
    org: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '1h' },
    aud: { type: 'string', default: DEV_AUDIENCE },
  },
  async run({ values }) {
    const roles = values.role ?? [];
    if (roles.length === 0) throw new UsageError(`--role: required, one or more of ${ROLES.join(', ')}`);
    const unknown = roles.find((r) => !isRole(r));
    if (unknown !== undefined) throw new UsageError(`--role ${JSON.stringify(unknown)}: unknown role (known: ${ROLES.join(', ')})`);
    if (values.org === undefined) throw new UsageError('--org: required, the 6-digit region code of the caller organisation');
    if (!findRegion(values.org)) throw new UsageError(`--org ${JSON.stringify(values.org)}: not a known region code`);
    const sub = values.sub ?? `dev-${roles[0]}`;
    if (sub.trim() === '') throw new UsageError('--sub: must not be empty');
    const aud = values.aud ?? DEV_AUDIENCE;
    if (aud.trim() === '') throw new UsageError('--aud: must not be empty');
    const ttl = ttlSeconds(values.ttl ?? '1h');
    const keys = await ensureDevKeys();
    process.stdout.write(`${await signDevToken(keys, { sub, org: values.org, roles, ttlSeconds: ttl, audience: aud })}\n`);
  },
});
