export { MAX_ACTIVE_SUBSCRIPTIONS, checkWebhookUrl, listSubscriptions, subscribe, unsubscribe } from './subscriptions.js';
export type { SubscribeInput, SubscribeOptions, WebhookSubscription } from './subscriptions.js';
export { CHANGE_EVENT_JWS_TYP, DELIVERY_STATUSES, MAX_DELIVERIES_PAGE, attemptDelivery, enqueueDeliveries, listDeliveries, markDead } from './delivery.js';
export type { AttemptOptions, AttemptResult, DeliveryStatus, WebhookDelivery, WebhookPayload, WebhookSigner } from './delivery.js';
