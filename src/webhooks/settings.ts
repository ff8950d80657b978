import ipaddr from 'ipaddr.js';

/*
 * The deployment's webhook settings, set once at start-up from the configuration (HUB_ENV,
 * WEBHOOK_ALLOW_LOOPBACK, WEBHOOK_PERMITTABLE_CIDRS) and read by the checks at subscription and at
 * every delivery (the delivery worker has no other way to learn the profile). Until configured,
 * the safe values hold: no loopback, nothing permittable without platform-admin.
 */

export interface WebhookSettings {
  /** HUB_ENV=production: only https URLs are delivered, whatever was stored earlier. */
  production: boolean;
  /** WEBHOOK_ALLOW_LOOPBACK=on (development only, refused in production): receivers on 127.0.0.0/8 and ::1. */
  allowLoopback: boolean;
  /** WEBHOOK_PERMITTABLE_CIDRS: blocks inside which an organisation's admin may allow IPs or CIDRs (normalised). */
  permittableCidrs: readonly string[];
}

const SAFE: WebhookSettings = { production: false, allowLoopback: false, permittableCidrs: [] };
let current: WebhookSettings = SAFE;

/** Sets the deployment's webhook settings (start-up). Loopback is never allowed in production. */
export function configureWebhooks(settings: Partial<WebhookSettings>): WebhookSettings {
  const next = { ...SAFE, ...settings };
  current = { ...next, allowLoopback: next.allowLoopback && !next.production, permittableCidrs: next.permittableCidrs.map(normaliseCidr) };
  return current;
}

export function webhookSettings(): WebhookSettings {
  return current;
}

/** A CIDR block (`10.20.0.0/16`) normalised; throws naming it when it is not one. */
export function normaliseCidr(text: string): string {
  const [ip, bits] = ipaddr.parseCIDR(text.trim());
  return `${ip.toNormalizedString()}/${bits}`;
}

/** Parses WEBHOOK_PERMITTABLE_CIDRS (comma-separated CIDR blocks); throws naming a bad entry. */
export function parsePermittableCidrs(value: string | undefined): string[] {
  const entries = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return entries.map((e) => {
    try {
      return normaliseCidr(e);
    } catch {
      throw new Error(`${JSON.stringify(e)} is not a CIDR block (10.20.0.0/16, fd00:1::/64)`);
    }
  });
}
