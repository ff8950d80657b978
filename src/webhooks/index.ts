// Offers: webhook subscriptions and the deliveries of change events and, to audit offices, of anomaly findings (enqueue, attempt, dead letters, listing).
// Keeps: the deployment's settings (settings.ts: profile, the development loopback switch, the permittable blocks), the URL checks (target.ts: where a webhook may be sent, re-checked before each POST; post.ts: the pinned POST), the signed payload's shape and the limits.
export { listSubscriptions, subscribe, unsubscribe } from './subscriptions.js';
export { AUDIT_FINDING_KIND } from './audience.js';
export type { Audience } from './audience.js';
export { AUDIT_FINDING_JWS_TYP, enqueueFindingDeliveries } from './finding-delivery.js';
export type { FindingWebhookPayload } from './finding-delivery.js';
export { allowWebhookHost, disallowWebhookHost, listAllowedHosts } from './allowed-hosts.js';
export type { WebhookAllowedHost } from './allowed-hosts.js';
export { checkTarget, normaliseAllowedHost, systemLookup, TargetRefused } from './target.js';
export { configureWebhooks, parsePermittableCidrs, webhookSettings } from './settings.js';
export type { WebhookSettings } from './settings.js';
export type { HostLookup, ResolvedAddress } from './target.js';
export { CHANGE_EVENT_JWS_TYP, DELIVERY_STATUSES, attemptDelivery, enqueueDeliveries, listDeliveries, markDead } from './delivery.js';
export type { DeliveryStatus, WebhookPayload, WebhookSigner } from './delivery.js';
