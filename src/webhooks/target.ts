import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { webhookSettings } from './settings.js';

/*
 * Where a webhook may be sent (server-side request forgery). A subscriber chooses the URL the hub
 * POSTs to, so without this check it could make the hub call its own network: the cloud metadata
 * service (credentials), Redis, PostgreSQL, an admin page on a private address. Every address the
 * host resolves to must be ordinary global unicast, unless the organisation's allow-list permits
 * that internal host explicitly; the check runs when subscribing and again right before each POST
 * (a name may be re-pointed after it was checked: DNS rebinding), and the POST connects to the
 * addresses checked, never to a second resolution.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (tests inject one to simulate rebinding). */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemLookup: HostLookup = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** Why a target is refused: safe to show the subscriber (it names no address). */
export class TargetRefused extends Error {
  override name = 'TargetRefused';
  constructor(
    /** For the subscriber: "resolves to a private address". */
    readonly reason: string,
    /** For the hub's log only: the address and range. */
    readonly detail: string,
  ) {
    super(reason);
  }
}

/**
 * Cloud metadata and platform endpoints: never permitted, not even by an allow-list entry (a name
 * allow-listed for an internal receiver that is later re-pointed here is still refused).
 * AWS/GCP/Azure/OpenStack 169.254.169.254, AWS ECS task credentials 169.254.170.2, AWS IPv6
 * fd00:ec2::254, Azure wire server 168.63.129.16, Alibaba Cloud 100.100.100.200, Oracle 192.0.0.192.
 */
const METADATA = ['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '168.63.129.16', '100.100.100.200', '192.0.0.192'].map((a) => ipaddr.parse(a).toNormalizedString());

/** Internal ranges an allow-list entry may permit; any other non-unicast range never is. */
const PERMITTABLE: Record<string, string> = {
  private: 'a private address',
  uniqueLocal: 'a private address',
  carrierGradeNat: 'a shared (carrier-grade NAT) address',
};
/**
 * Never permitted by an allow-list, whoever wrote it: loopback (the hub itself: the sandbox, Redis,
 * PostgreSQL, the metrics port; only the development switch WEBHOOK_ALLOW_LOOPBACK opens it) and
 * link-local (169.254/16, fe80::/10: metadata and credential services live there).
 */
const NEVER: Record<string, string> = {
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  ipv4Compatible: 'an IPv4-compatible IPv6 address',
};

/** Blocks an allow-list entry may not overlap: the ranges above that are never permitted, and each metadata address. */
const NEVER_BLOCKS: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][] = [
  '127.0.0.0/8', '169.254.0.0/16', '0.0.0.0/8', '224.0.0.0/4', '240.0.0.0/4', '::/96', '::ffff:0:0/96', 'fe80::/10', 'ff00::/8',
  ...METADATA.map((a) => `${a}/${a.includes(':') ? 128 : 32}`),
].map((c) => ipaddr.parseCIDR(c));

/** An IP literal (brackets allowed) as ipaddr.js reads it, IPv4-mapped IPv6 unwrapped; null for a name. */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  // Only the standard forms: the WHATWG URL parser has already turned decimal (2852039166), hex
  // (0xa9fea9fe), octal and short (127.1) IPv4 hosts into dotted quads, so a host name that merely
  // looks numeric here is a name, and goes to DNS.
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare)) return null;
  return ipaddr.process(bare);
}

/**
 * IPv4-compatible IPv6 (::/96, deprecated by RFC 4291): `[::a9fe:a9fe]` and `[::127.0.0.1]` (which
 * the URL parser writes `[::7f00:1]`) carry an IPv4 address some stacks still route to. ::1 is loopback.
 */
function ipv4Compatible(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (ip.kind() !== 'ipv6') return false;
  const parts = (ip as ipaddr.IPv6).parts;
  return parts.slice(0, 6).every((p) => p === 0) && !(parts[6] === 0 && parts[7]! <= 1);
}

/** The range of an address that is not plain global unicast, with its label; null when it is. */
function internalRange(ip: ipaddr.IPv4 | ipaddr.IPv6): { range: string; label: string; permittable: boolean } | null {
  if (METADATA.includes(ip.toNormalizedString())) return { range: 'metadata', label: 'a cloud metadata address', permittable: false };
  const range = ipv4Compatible(ip) ? 'ipv4Compatible' : ip.range();
  if (range === 'unicast') return null;
  if (range in PERMITTABLE) return { range, label: PERMITTABLE[range]!, permittable: true };
  // 6to4, Teredo, NAT64 and other IPv6 ranges can carry an IPv4 address inside: refused like reserved ones.
  return { range, label: NEVER[range] ?? 'a reserved address', permittable: false };
}

/** Whether two blocks share an address (one holds the other's network address). */
function overlaps([a, abits]: [ipaddr.IPv4 | ipaddr.IPv6, number], [b, bbits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  if (a.kind() !== b.kind()) return false;
  return a.match([b, bbits] as never) || b.match([a, abits] as never);
}

/**
 * An allow-list entry: a host name (`hooks.corp.example`), a wildcard for its subdomains
 * (`*.corp.example`), an IP address or a CIDR block (`10.20.0.0/16`). Returns it normalised, or
 * throws with the reason. Entries never permit loopback, link-local, metadata, unspecified,
 * multicast or reserved addresses (an entry overlapping them is refused, and the check refuses
 * such an address whatever the entries say).
 */
export function normaliseAllowedHost(raw: string): string {
  const text = raw.trim().toLowerCase();
  if (text.length === 0 || text.length > 253) throw new Error('a host name, *.domain, an IP address or a CIDR block, at most 253 characters');
  if (text.includes('/')) {
    let cidr: [ipaddr.IPv4 | ipaddr.IPv6, number];
    try {
      cidr = ipaddr.parseCIDR(text);
    } catch {
      throw new Error(`${JSON.stringify(raw)} is not a CIDR block (10.20.0.0/16, fd00:1::/64)`);
    }
    const [ip, bits] = cidr;
    // A block this wide is not "an internal host": it would switch the check off.
    if (bits < (ip.kind() === 'ipv4' ? 8 : 16)) throw new Error(`${raw}: a block at most /8 (IPv4) or /16 (IPv6) wide`);
    if (NEVER_BLOCKS.some((n) => overlaps([ip, bits], n))) throw new Error(`${raw}: overlaps loopback, link-local, metadata or reserved addresses, which are never allowed`);
    return `${ip.toNormalizedString()}/${bits}`;
  }
  const ip = parseIp(text);
  if (ip) {
    const internal = internalRange(ip);
    if (internal && !internal.permittable) throw new Error(`${raw}: ${internal.label} is never allowed`);
    return ip.toNormalizedString();
  }
  const name = text.startsWith('*.') ? text.slice(2) : text;
  if (!/^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/.test(name)) throw new Error(`${JSON.stringify(raw)} is not a host name, *.domain, IP address or CIDR block`);
  return text;
}

function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern.startsWith('*.')) return hostname.endsWith(pattern.slice(1));
  return pattern === hostname;
}

function addressMatches(pattern: string, ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  try {
    if (pattern.includes('/')) {
      const [net, bits] = ipaddr.parseCIDR(pattern);
      return net.kind() === ip.kind() && ip.match([net, bits] as never);
    }
    const p = parseIp(pattern);
    return p !== null && p.kind() === ip.kind() && p.toNormalizedString() === ip.toNormalizedString();
  } catch {
    return false;
  }
}

export interface TargetCheck {
  /** The organisation's allow-list entries (normalised), those of organisations containing it included. */
  allowed: readonly string[];
  lookup?: HostLookup;
  /** Loopback receivers (development's WEBHOOK_ALLOW_LOOPBACK=on); default: the deployment's setting. */
  allowLoopback?: boolean;
}

/**
 * Resolves the URL's host and checks every address; resolves with the addresses to connect to.
 * Every address must pass: the connection may pick any of them.
 */
export async function checkTarget(url: URL, check: TargetCheck): Promise<ResolvedAddress[]> {
  const hostname = url.hostname.toLowerCase();
  const literal = parseIp(hostname);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: literal.toString(), family: literal.kind() === 'ipv4' ? 4 : 6 }];
  } else {
    try {
      addresses = [...(await (check.lookup ?? systemLookup)(hostname))];
    } catch (err) {
      throw new TargetRefused('the host name does not resolve', `${hostname}: ${(err as Error).message}`);
    }
    if (addresses.length === 0) throw new TargetRefused('the host name does not resolve', `${hostname}: no address`);
  }
  const nameAllowed = check.allowed.some((p) => !p.includes('/') && parseIp(p) === null && hostMatches(p, hostname));
  for (const a of addresses) {
    const ip = parseIp(a.address);
    if (!ip) throw new TargetRefused('the host name does not resolve to an IP address', `${hostname}: ${a.address}`);
    const internal = internalRange(ip);
    if (!internal) continue;
    if (internal.range === 'loopback' && (check.allowLoopback ?? webhookSettings().allowLoopback)) continue;
    const allowed = internal.permittable && (nameAllowed || check.allowed.some((p) => addressMatches(p, ip)));
    if (!allowed) {
      const hint = internal.permittable ? " (an administrator may allow this host for the organisation: allowWebhookHost)" : '';
      throw new TargetRefused(`resolves to ${internal.label}${hint}`, `${hostname} -> ${a.address} (${internal.range})`);
    }
  }
  // Connect exactly to what was checked; an IPv4-mapped IPv6 answer is dialled as IPv4.
  return addresses.map((a) => {
    const ip = parseIp(a.address)!;
    return { address: ip.toString(), family: ip.kind() === 'ipv4' ? 4 : 6 };
  });
}

/** Whether an IP or CIDR entry (normalised) lies wholly inside one of these blocks (WEBHOOK_PERMITTABLE_CIDRS). */
export function withinBlocks(entry: string, blocks: readonly string[]): boolean {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  if (entry.includes('/')) range = ipaddr.parseCIDR(entry);
  else {
    const ip = parseIp(entry);
    if (!ip) return false;
    range = [ip, ip.kind() === 'ipv4' ? 32 : 128];
  }
  return blocks.some((b) => {
    const [net, bits] = ipaddr.parseCIDR(b);
    return net.kind() === range[0].kind() && bits <= range[1] && range[0].match([net, bits] as never);
  });
}
