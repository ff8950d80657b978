// Offers: webhook subscriptions and the deliveries of change events (enqueue, attempt, dead letters, listing).
// Keeps: the URL checks, the signed payload's shape and the limits.
export { listSubscriptions, subscribe, unsubscribe } from './subscriptions.js';
export { CHANGE_EVENT_JWS_TYP, DELIVERY_STATUSES, attemptDelivery, enqueueDeliveries, listDeliveries, markDead } from './delivery.js';
export type { DeliveryStatus, WebhookPayload, WebhookSigner } from './delivery.js';
